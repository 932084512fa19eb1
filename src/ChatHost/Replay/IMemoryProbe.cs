namespace ModelScale.ChatHost.Replay;

/// <summary>Reads memory in use now: the process's resident set, and GPU memory where NVML can tell.</summary>
public interface IMemoryProbe
{
    /// <summary>The process's working set (resident memory) in bytes.</summary>
    long ReadProcessBytes();

    /// <summary>GPU memory in use on all NVML GPUs together; null when NVML is not present.</summary>
    long? ReadGpuUsedBytes();
}
