namespace ModelScale.Profiles.Hardware;

/// <summary>
/// One way of finding GPUs (NVML, llama.cpp's device list, ...). <see cref="GpuInventory"/> asks every registered
/// detector, so a detector must never throw for a missing library or driver: it reports no devices and a note.
/// </summary>
public interface IGpuDetector
{
    /// <summary>The source the devices come from; also orders detectors (lower first).</summary>
    GpuSource Source { get; }

    GpuDetection Detect();
}
