using ModelScale.ChatHost.Contracts;
using ModelScale.Profiles.Planning;

namespace ModelScale.ChatHost.Engine;

/// <summary>A plan (and, when the load was checked, its comparison with llama.cpp's buffers) as its documented JSON.</summary>
public static class PlanReports
{
    public static PlanJson ToJson(string path, OffloadPlan plan, PlanComparison? verified) => ToJson(path, plan, verified, embeddingsMeasured: null);

    /// <summary>The same, with what llama.cpp allocated for the embeddings context when plan --verify opened it.</summary>
    public static PlanJson ToJson(string path, OffloadPlan plan, PlanComparison? verified, MeasuredBuffers? embeddingsMeasured)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new PlanJson(
            PlanJson.CurrentSchemaVersion,
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
            [.. plan.Devices.Select(d => new PlanJson.DeviceMemory(d.Name, d.FreeBytes, d.FirstLayer, d.Layers, d.WeightBytes, d.KvBytes, d.ComputeBytes, d.OverheadBytes, d.TotalBytes))],
            new PlanJson.HostMemory(plan.Host.FreeBytes, plan.Host.WeightBytes, plan.Host.KvBytes, plan.Host.ComputeBytes, plan.Host.OutputBytes, plan.Host.OverheadBytes, plan.Host.TotalBytes),
            plan.Notes,
            verified?.Rows.Select(r => new PlanJson.Check(r.Buffer, r.PredictedBytes, r.MeasuredBytes, Math.Round(r.ErrorPercent, 3))).ToArray(),
            verified?.Measured.Buffers.Select(b => new PlanJson.Buffer(b.Device, b.Kind, b.Bytes, b.IsHost)).ToArray(),
            plan.Embeddings is { } e
                ? new PlanJson.EmbeddingsMemory(
                    e.Context,
                    e.HostBytes,
                    e.DeviceBytes,
                    e.TotalBytes,
                    e.Fits,
                    embeddingsMeasured?.TotalBytes,
                    embeddingsMeasured?.Buffers.Select(b => new PlanJson.Buffer(b.Device, b.Kind, b.Bytes, b.IsHost)).ToArray())
                : null);
    }
}
