namespace ModelScale.Profiles.Planning;

/// <summary>What to plan for: the context and batch wanted, and the memory the machine has free.</summary>
public sealed record PlanRequest
{
    /// <summary>Context per sequence, in tokens.</summary>
    public required int Context { get; init; }

    /// <summary>The smallest context the planner may reduce to when the requested one cannot fit.</summary>
    public int MinimumContext { get; init; } = 512;

    public KvCacheType KvCacheType { get; init; } = KvCacheType.F16;

    /// <summary>Tokens per micro-batch (llama.cpp's n_ubatch), which sizes the compute graph.</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>Sequences decoded in parallel; the KV cache holds <see cref="Context"/> tokens for each.</summary>
    public int Parallel { get; init; } = 1;

    /// <summary>The GPUs to offload to, in order; empty for a CPU plan.</summary>
    public IReadOnlyList<DeviceBudget> Devices { get; init; } = [];

    /// <summary>Kept free on every GPU, as llama.cpp's --fit-target (default 1 GiB).</summary>
    public long MarginBytes { get; init; } = 1L << 30;

    /// <summary>What a GPU backend needs on each device it uses beyond the buffers (driver context, libraries).</summary>
    public long DeviceOverheadBytes { get; init; } = 400L << 20;

    /// <summary>Free host memory; null when unknown (the plan then assumes it fits).</summary>
    public long? FreeRamBytes { get; init; }

    /// <summary>What the process itself needs on the host besides llama.cpp's buffers (runtime, libraries).</summary>
    public long HostOverheadBytes { get; init; } = 200L << 20;

    /// <summary>
    /// The most tokens an embeddings context holds (it gets this or the whole chat context, whichever is less); null
    /// plans no embeddings context. It changes nothing in the chat plan: <see cref="OffloadPlan.Embeddings"/> only says
    /// what opening it would add and whether that fits beside the plan.
    /// </summary>
    public int? EmbeddingsContext { get; init; }

    /// <summary>An upper bound on GPU layers (e.g. --gpu-layers); null lets the planner decide.</summary>
    public int? MaxGpuLayers { get; init; }
}
