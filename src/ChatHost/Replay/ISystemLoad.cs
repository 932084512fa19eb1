namespace ModelScale.ChatHost.Replay;

/// <summary>Reads how busy the machine is: the load average and the cores it is compared with.</summary>
public interface ISystemLoad
{
    /// <summary>The one-minute load average now; null where the system does not say (not Linux).</summary>
    double? ReadLoadAverage();

    /// <summary>Logical processors the load is compared with.</summary>
    int Cores { get; }
}
