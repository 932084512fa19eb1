namespace ModelScale.ChatHost.Replay;

/// <summary>
/// How busy the machine was while a replay ran: the highest one-minute load average sampled, against the logical
/// processors. Above the core count, other work competed for the CPU and the speeds are not to be trusted.
/// </summary>
/// <param name="PeakLoadAverage">The highest load average sampled during the run.</param>
/// <param name="Cores">Logical processors.</param>
/// <param name="Samples">How many times the load was read.</param>
public sealed record MachineLoad(double PeakLoadAverage, int Cores, int Samples)
{
    /// <summary>Whether the load average went above the core count during the run.</summary>
    public bool Busy => PeakLoadAverage > Cores;

    /// <summary>"the machine was busy: load average up to 3.4 on 2 cores; speeds may be low and uneven".</summary>
    public string Warning => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"The machine was busy: the load average reached {PeakLoadAverage:0.0#} on {Cores} core{(Cores == 1 ? "" : "s")} during the run, so other work competed for the CPU and the speeds may be low and uneven.");
}
