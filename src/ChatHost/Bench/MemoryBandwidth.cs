namespace ModelScale.ChatHost.Bench;

/// <summary>
/// Memory bandwidth as `bench` measured it on this machine, cached so that replay can predict the decode speed of tiers
/// it did not run. <see cref="HostReadBytesPerSecond"/> is a timed read of a large array on every thread;
/// <see cref="HostDecodeBytesPerSecond"/> and <see cref="GpuDecodeBytesPerSecond"/> are what a bench decode reached
/// (the bytes each token reads over the time per token) when its model ran wholly on the CPU, or wholly on GPUs.
/// </summary>
/// <param name="HostReadBytesPerSecond">Bytes per second a plain read of host memory reached.</param>
/// <param name="HostDecodeBytesPerSecond">Bytes per second a CPU-only bench decode read; null when none ran on the CPU.</param>
/// <param name="GpuDecodeBytesPerSecond">Bytes per second a fully offloaded bench decode read; null when none ran on GPUs.</param>
/// <param name="Threads">Threads the read and the decode used.</param>
/// <param name="Cpu">The CPU it was measured on, so that a cache copied to another machine is not believed.</param>
/// <param name="Model">The bench model the decode figures come from.</param>
/// <param name="MeasuredAt">When.</param>
public sealed record MemoryBandwidth(
    double HostReadBytesPerSecond,
    double? HostDecodeBytesPerSecond,
    double? GpuDecodeBytesPerSecond,
    int Threads,
    string Cpu,
    string? Model,
    DateTimeOffset MeasuredAt)
{
    public const string FileName = "bandwidth.json";

    /// <summary>
    /// The host bandwidth a prediction uses: what llama.cpp's decode reached when bench measured one (it includes the
    /// dequantisation work a plain read does not), else the plain read.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double HostBytesPerSecond => HostDecodeBytesPerSecond ?? HostReadBytesPerSecond;

    /// <summary>Where the host figure comes from, for the reports.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string HostBasis => HostDecodeBytesPerSecond is not null ? $"a CPU decode of {Model}" : "a timed read of host memory";
}
