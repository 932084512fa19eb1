namespace ModelScale.ChatHost.Engine;

/// <summary>
/// How much memory resident models may use together: host RAM and each GPU's memory, in the order the planner
/// lists devices. A null or missing figure is not limited.
/// </summary>
public sealed record MemoryBudget(long? RamBytes, IReadOnlyList<long> GpuBytes)
{
    public static MemoryBudget Unlimited { get; } = new(null, []);

    /// <summary>The budget a service starts with: what was free on this machine, less the margin kept on each GPU.</summary>
    public static MemoryBudget FromSnapshot(MemorySnapshot snapshot, long marginBytes)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new MemoryBudget(snapshot.FreeRamBytes, [.. snapshot.Devices.Select(d => Math.Max(0, d.FreeBytes - marginBytes))]);
    }
}

/// <summary>What one model costs in memory while it is resident: bytes in RAM and on each GPU.</summary>
public sealed record ModelCost(long RamBytes, IReadOnlyList<long> GpuBytes)
{
    public static ModelCost None { get; } = new(0, []);

    /// <summary>The cost a plan predicts (llama.cpp's buffers; the process's own overhead is not per model).</summary>
    public static ModelCost From(Profiles.Planning.OffloadPlan? plan) =>
        plan is null ? None : new ModelCost(plan.Host.BufferBytes, [.. plan.Devices.Select(d => d.TotalBytes)]);

    /// <summary>What a model's embeddings context adds, as its plan predicts it (see <see cref="Profiles.Planning.EmbeddingsPlan"/>).</summary>
    public static ModelCost From(Profiles.Planning.EmbeddingsPlan? embeddings) =>
        embeddings is null ? None : new ModelCost(embeddings.HostBytes, embeddings.DeviceBytes);

    /// <summary>Both costs together, GPU by GPU.</summary>
    public ModelCost Plus(ModelCost other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var gpus = Math.Max(GpuBytes.Count, other.GpuBytes.Count);
        return new ModelCost(
            RamBytes + other.RamBytes,
            [.. Enumerable.Range(0, gpus).Select(i => (i < GpuBytes.Count ? GpuBytes[i] : 0) + (i < other.GpuBytes.Count ? other.GpuBytes[i] : 0))]);
    }
}
