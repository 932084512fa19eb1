using ModelScale.ChatHost.Engine;
using ModelScale.Profiles.Planning;

namespace ModelScale.ChatHost.Terminal;

/// <summary>
/// The machine-readable plan (`modelscale plan --json`), versioned; byte counts are exact. With --verify,
/// <c>verify</c> sets each kind of buffer beside llama.cpp's and <c>measured</c> lists llama.cpp's buffers per device.
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
    IReadOnlyList<PlanJson.Buffer>? Measured)
{
    public const int CurrentSchemaVersion = 1;

    public static PlanJson From(string path, OffloadPlan plan, PlanComparison? verified)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new PlanJson(
            CurrentSchemaVersion,
            plan.Model,
            path,
            plan.Fits,
            plan.Reason,
            plan.GpuLayers,
            plan.TotalLayers,
            plan.RequestedContext,
            plan.Context,
            KvCacheTypes.Name(plan.KvCacheType),
            plan.BatchSize,
            plan.Parallel,
            plan.MarginBytes,
            [.. plan.Devices.Select(d => new DeviceMemory(d.Name, d.FreeBytes, d.FirstLayer, d.Layers, d.WeightBytes, d.KvBytes, d.ComputeBytes, d.OverheadBytes, d.TotalBytes))],
            new HostMemory(plan.Host.FreeBytes, plan.Host.WeightBytes, plan.Host.KvBytes, plan.Host.ComputeBytes, plan.Host.OutputBytes, plan.Host.OverheadBytes, plan.Host.TotalBytes),
            plan.Notes,
            verified?.Rows.Select(r => new Check(r.Buffer, r.PredictedBytes, r.MeasuredBytes, Math.Round(r.ErrorPercent, 3))).ToArray(),
            verified?.Measured.Buffers.Select(b => new Buffer(b.Device, b.Kind, b.Bytes, b.IsHost)).ToArray());
    }

    public sealed record DeviceMemory(string Name, long FreeBytes, int FirstLayer, int Layers, long WeightBytes, long KvBytes, long ComputeBytes, long OverheadBytes, long TotalBytes);

    public sealed record HostMemory(long? FreeBytes, long WeightBytes, long KvBytes, long ComputeBytes, long OutputBytes, long OverheadBytes, long TotalBytes);

    public sealed record Check(string Buffer, long PredictedBytes, long MeasuredBytes, double ErrorPercent);

    /// <summary>One buffer llama.cpp reported (with --verify): its buffer type (CUDA0, CUDA_Host, CPU_REPACK...), kind and size.</summary>
    public sealed record Buffer(string Device, string Kind, long Bytes, bool Host);
}
