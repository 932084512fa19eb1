namespace ModelScale.Profiles.Hardware;

/// <summary>What one detector found: its devices, and notes for the user on how it went.</summary>
/// <param name="Devices">The GPUs seen; empty when none were, or the source is not available.</param>
/// <param name="Notes">Sentences such as "NVML: not available (libnvidia-ml.so.1 not found)".</param>
public sealed record GpuDetection(IReadOnlyList<GpuDevice> Devices, IReadOnlyList<string> Notes)
{
    public static GpuDetection None(string note) => new([], [note]);
}
