using ModelScale.Profiles.Hardware;

namespace ModelScale.ChatHost.Terminal;

/// <summary>What `modelscale gpus` shows: the GPUs a plan would use, the host's free memory, and how they were found.</summary>
public sealed record GpuReport(GpuScan Gpus, HostMemoryInfo HostMemory);
