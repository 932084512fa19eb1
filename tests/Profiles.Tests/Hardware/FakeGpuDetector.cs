using ModelScale.Profiles.Hardware;

namespace ModelScale.Profiles.Tests.Hardware;

/// <summary>A detector that reports what the test says, and counts how often it was asked.</summary>
internal sealed class FakeGpuDetector(GpuSource source, params GpuDevice[] devices) : IGpuDetector
{
    public GpuSource Source => source;

    public int Calls { get; private set; }

    public Exception? Throws { get; init; }

    public GpuDetection Detect()
    {
        Calls++;
        if (Throws is not null)
        {
            throw Throws;
        }

        return new GpuDetection(devices, [$"{source.Label()}: {devices.Length} seen."]);
    }

    public static GpuDevice Device(GpuSource source, int index, long gib) =>
        new(index, $"{source} GPU {index}", gib << 30, (gib << 30) / 2, source);
}
