namespace ModelScale.ChatHost.Contracts;

/// <summary>The machine-readable plan (`modelscale plan --json`), versioned; byte counts are exact.</summary>
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
    IReadOnlyList<PlanJson.Check>? Verify)
{
    public const int CurrentSchemaVersion = 1;

    public sealed record DeviceMemory(string Name, long FreeBytes, int FirstLayer, int Layers, long WeightBytes, long KvBytes, long ComputeBytes, long OverheadBytes, long TotalBytes);

    public sealed record HostMemory(long? FreeBytes, long WeightBytes, long KvBytes, long ComputeBytes, long OutputBytes, long OverheadBytes, long TotalBytes);

    public sealed record Check(string Buffer, long PredictedBytes, long MeasuredBytes, double ErrorPercent);
}
