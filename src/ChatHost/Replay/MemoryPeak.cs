namespace ModelScale.ChatHost.Replay;

/// <summary>What a <see cref="MemorySampler"/> saw: memory when it started, and the most it saw after.</summary>
/// <param name="BaselineRssBytes">The process's resident memory (working set) at the start.</param>
/// <param name="PeakRssBytes">The largest resident memory sampled.</param>
/// <param name="BaselineVramBytes">GPU memory in use (all NVML GPUs together) at the start; null without NVML.</param>
/// <param name="PeakVramBytes">The most GPU memory in use sampled; null without NVML.</param>
/// <param name="Samples">How many samples were taken.</param>
public sealed record MemoryPeak(long BaselineRssBytes, long PeakRssBytes, long? BaselineVramBytes, long? PeakVramBytes, int Samples)
{
    /// <summary>GPU memory taken during the run over what was in use at its start; null without NVML.</summary>
    public long? VramGrowthBytes => PeakVramBytes - BaselineVramBytes;
}
