namespace ModelScale.ChatHost.Engine;

/// <summary>One buffer llama.cpp reported allocating while loading, e.g. "CPU_REPACK model buffer size = 557.16 MiB".</summary>
/// <param name="Device">The buffer type: CPU, CPU_Mapped, CPU_REPACK, CUDA0, CUDA_Host, ...</param>
/// <param name="Kind">model, KV, compute or output.</param>
/// <param name="Bytes">The size, from the log's MiB with two decimals (so within 0.005 MiB).</param>
public sealed record MeasuredBuffer(string Device, string Kind, long Bytes)
{
    /// <summary>Whether the buffer lives in host memory (CPU, CPU_Mapped, CPU_REPACK, CUDA_Host pinned memory...).</summary>
    public bool IsHost => Device.StartsWith("CPU", StringComparison.Ordinal) || Device.EndsWith("_Host", StringComparison.Ordinal);
}

/// <summary>Every buffer llama.cpp reported for one load, summed by kind: what a plan is checked against.</summary>
public sealed record MeasuredBuffers(IReadOnlyList<MeasuredBuffer> Buffers)
{
    public static MeasuredBuffers None { get; } = new([]);

    public long WeightBytes => Sum("model");

    public long KvBytes => Sum("KV");

    public long ComputeBytes => Sum("compute");

    public long OutputBytes => Sum("output");

    public long TotalBytes => Buffers.Sum(b => b.Bytes);

    public long HostBytes => Buffers.Where(b => b.IsHost).Sum(b => b.Bytes);

    public long DeviceBytes => TotalBytes - HostBytes;

    private long Sum(string kind) => Buffers.Where(b => b.Kind == kind).Sum(b => b.Bytes);
}
