namespace ModelScale.ChatHost.Contracts;

/// <summary>
/// The machine-readable plan (`modelscale plan --json`), versioned; byte counts are exact. With --verify,
/// <c>verify</c> sets each kind of buffer beside llama.cpp's and <c>measured</c> lists llama.cpp's buffers per device.
/// <c>embeddings</c> is what the model's embeddings context would add when it is first asked for embeddings (not part of
/// <c>fits</c>, <c>devices</c> or <c>host</c>; added in schema 1 as an optional member).
/// </summary>
public sealed record PlanJson(
    int SchemaVersion,
    string Model,
    string Path,
    bool Fits,
    string Reason,
    int GpuLayers,
    int TotalLayers,
    int RequestedContext,
    int Context,
    string KvCacheType,
    int BatchSize,
    int Parallel,
    long MarginBytes,
    IReadOnlyList<PlanJson.DeviceMemory> Devices,
    PlanJson.HostMemory Host,
    IReadOnlyList<string> Notes,
    IReadOnlyList<PlanJson.Check>? Verify,
    IReadOnlyList<PlanJson.Buffer>? Measured,
    PlanJson.EmbeddingsMemory? Embeddings = null)
{
    public const int CurrentSchemaVersion = 1;

    public sealed record DeviceMemory(string Name, long FreeBytes, int FirstLayer, int Layers, long WeightBytes, long KvBytes, long ComputeBytes, long OverheadBytes, long TotalBytes);

    public sealed record HostMemory(long? FreeBytes, long WeightBytes, long KvBytes, long ComputeBytes, long OutputBytes, long OverheadBytes, long TotalBytes);

    /// <summary>
    /// The embeddings context: its tokens, its bytes in RAM and per GPU, and whether it fits beside the plan; with
    /// --verify, what llama.cpp allocated when it was opened (null when it was not: it does not fit, or the model gives
    /// no embeddings).
    /// </summary>
    public sealed record EmbeddingsMemory(int Context, long HostBytes, IReadOnlyList<long> DeviceBytes, long TotalBytes, bool Fits, long? MeasuredBytes = null, IReadOnlyList<Buffer>? Measured = null);

    public sealed record Check(string Buffer, long PredictedBytes, long MeasuredBytes, double ErrorPercent);

    /// <summary>One buffer llama.cpp reported (with --verify): its buffer type (CUDA0, CUDA_Host, CPU_REPACK...), kind and size.</summary>
    public sealed record Buffer(string Device, string Kind, long Bytes, bool Host);
}
