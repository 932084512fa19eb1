using System.Globalization;
using ModelScale.ChatHost.Bench;

namespace ModelScale.ChatHost.Replay;

/// <summary>
/// A decode speed predicted from the bytes each token reads on each memory and that memory's bandwidth, as `bench`
/// measured it: seconds per token = host bytes / host bandwidth + GPU bytes / GPU bandwidth (the layers run one after
/// another). Null <see cref="TokensPerSecond"/> when a bandwidth it needs was never measured; <see cref="Basis"/> says which.
/// </summary>
/// <param name="HostBytesPerToken">Weight bytes the CPU reads per token.</param>
/// <param name="GpuBytesPerToken">Weight bytes the GPUs read per token.</param>
/// <param name="TokensPerSecond">The predicted decode speed; null when unknown.</param>
/// <param name="Basis">What it rests on, or why there is none.</param>
public sealed record DecodePrediction(long HostBytesPerToken, long GpuBytesPerToken, double? TokensPerSecond, string Basis)
{
    /// <summary>What a report says where no bandwidth was measured.</summary>
    public const string Unmeasured = "memory bandwidth not measured yet: run `modelscale bench` once (after `bench --cache-dir DIR`, give replay --bench-cache DIR)";

    public static DecodePrediction Of(TokenTraffic traffic, MemoryBandwidth? bandwidth)
    {
        ArgumentNullException.ThrowIfNull(traffic);
        var c = CultureInfo.InvariantCulture;
        if (bandwidth is null)
        {
            return new DecodePrediction(traffic.HostBytes, traffic.GpuBytes, null, Unmeasured);
        }

        if (traffic.GpuBytes > 0 && bandwidth.GpuDecodeBytesPerSecond is not > 0)
        {
            return new DecodePrediction(traffic.HostBytes, traffic.GpuBytes, null,
                "GPU bandwidth not measured yet: run `modelscale bench` once on a model that fits wholly on the GPU");
        }

        var seconds = traffic.HostBytes / bandwidth.HostBytesPerSecond
            + (traffic.GpuBytes > 0 ? traffic.GpuBytes / bandwidth.GpuDecodeBytesPerSecond!.Value : 0);
        if (seconds <= 0)
        {
            return new DecodePrediction(traffic.HostBytes, traffic.GpuBytes, null, "the model reads no weights per token");
        }

        var parts = new List<string>();
        if (traffic.HostBytes > 0)
        {
            parts.Add(string.Create(c, $"host {Gib(bandwidth.HostBytesPerSecond)} ({bandwidth.HostBasis})"));
        }

        if (traffic.GpuBytes > 0)
        {
            parts.Add(string.Create(c, $"GPU {Gib(bandwidth.GpuDecodeBytesPerSecond!.Value)}"));
        }

        return new DecodePrediction(traffic.HostBytes, traffic.GpuBytes, 1 / seconds,
            $"bytes per token over the bandwidth bench measured on {bandwidth.MeasuredAt:yyyy-MM-dd}: {string.Join(", ", parts)}");
    }

    private static string Gib(double bytesPerSecond) => string.Create(CultureInfo.InvariantCulture, $"{bytesPerSecond / (1 << 30):0.0} GiB/s");
}
