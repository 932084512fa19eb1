namespace ModelScale.Profiles.Planning;

/// <summary>
/// How a model is loaded: how many layers go to the GPUs (whole layers, the output head last), the context used,
/// and the bytes that land on each device and on the host, with a one-line reason.
/// </summary>
public sealed record OffloadPlan
{
    /// <summary>The model planned for.</summary>
    public required string Model { get; init; }

    /// <summary>Layers on GPUs (llama.cpp's n_gpu_layers): blocks from the last one backwards, then the output head.</summary>
    public required int GpuLayers { get; init; }

    /// <summary>Offloadable layers: every block plus the output head.</summary>
    public required int TotalLayers { get; init; }

    public required int RequestedContext { get; init; }

    /// <summary>The context per sequence the plan uses (smaller than requested only when that could not fit).</summary>
    public required int Context { get; init; }

    public required KvCacheType KvCacheType { get; init; }

    public required int BatchSize { get; init; }

    public required int Parallel { get; init; }

    public required long MarginBytes { get; init; }

    /// <summary>Per GPU, in order (only those given to the planner).</summary>
    public required IReadOnlyList<DevicePlan> Devices { get; init; }

    public required HostPlan Host { get; init; }

    /// <summary>False when not even the smallest context fits in RAM and VRAM together.</summary>
    public required bool Fits { get; init; }

    /// <summary>One line that says why: "27/33 layers: 8.0 GiB free, 1.0 GiB margin, KV 1.1 GiB at ctx 8192".</summary>
    public required string Reason { get; init; }

    /// <summary>Anything else worth knowing (context reduced, beyond the training context).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>
    /// What the model's embeddings context adds when it is opened (null when none was planned). Not part of
    /// <see cref="Fits"/>, <see cref="Host"/> or <see cref="Devices"/>: a model that is never asked for embeddings never
    /// allocates it.
    /// </summary>
    public EmbeddingsPlan? Embeddings { get; init; }

    /// <summary>Whether every layer, the output head included, is on a GPU.</summary>
    public bool FullOffload => GpuLayers == TotalLayers;

    /// <summary>All the GPU bytes the plan uses.</summary>
    public long GpuBytes => Devices.Sum(d => d.TotalBytes);

    /// <summary>The KV cache over all devices and the host.</summary>
    public long KvBytes => Host.KvBytes + Devices.Sum(d => d.KvBytes);

    /// <summary>Layers per device in order, for llama.cpp's tensor split.</summary>
    public IReadOnlyList<int> LayersPerDevice => Devices.Select(d => d.Layers).ToArray();
}
