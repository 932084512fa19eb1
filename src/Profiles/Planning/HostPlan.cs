namespace ModelScale.Profiles.Planning;

/// <summary>What stays in host memory under a plan.</summary>
/// <param name="WeightBytes">Weights of the layers left on the CPU, plus the token embedding.</param>
/// <param name="KvBytes">KV cache of the CPU layers.</param>
/// <param name="ComputeBytes">The CPU compute buffer.</param>
/// <param name="OutputBytes">The logits buffer.</param>
/// <param name="OverheadBytes">The process itself (runtime and libraries).</param>
/// <param name="FreeBytes">Free host memory when planned, if known.</param>
public sealed record HostPlan(
    long WeightBytes,
    long KvBytes,
    long ComputeBytes,
    long OutputBytes,
    long OverheadBytes,
    long? FreeBytes)
{
    /// <summary>llama.cpp's buffers on the host: what a measurement of its log can be compared with.</summary>
    public long BufferBytes => WeightBytes + KvBytes + ComputeBytes + OutputBytes;

    /// <summary>Everything the host needs.</summary>
    public long TotalBytes => BufferBytes + OverheadBytes;
}
