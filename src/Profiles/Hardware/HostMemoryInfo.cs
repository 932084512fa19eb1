namespace ModelScale.Profiles.Hardware;

/// <summary>The host's memory as one source reported it.</summary>
/// <param name="AvailableBytes">What can be allocated now without swapping (Linux MemAvailable, Windows ullAvailPhys).</param>
/// <param name="TotalBytes">The physical memory (or the container's limit); null when the source does not say.</param>
/// <param name="Source">Where the numbers came from, e.g. "/proc/meminfo" or "MODELSCALE_RAM".</param>
public sealed record HostMemoryInfo(long AvailableBytes, long? TotalBytes, string Source);
