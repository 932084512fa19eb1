using ModelScale.Profiles.Planning;

namespace ModelScale.ChatHost.Engine;

/// <summary>How the engine loads models. Every value reaches llama.cpp explicitly; none is left to a library default.</summary>
public sealed class EngineOptions
{
    /// <summary>Most layers to offload to GPUs (--gpu-layers). Null lets the memory plan decide per model.</summary>
    public int? MaxGpuLayers { get; set; }

    /// <summary>Generation threads. Null means one per logical processor.</summary>
    public int? Threads { get; set; }

    /// <summary>Logical batch size for prompt evaluation (llama.cpp's n_batch and n_ubatch).</summary>
    public int BatchSize { get; set; } = DefaultBatchSize;

    /// <summary>The batch size when none is given (llama.cpp's default n_batch).</summary>
    public const int DefaultBatchSize = 512;

    /// <summary>Context length to use instead of the profile's default. Null uses the profile's.</summary>
    public int? ContextLength { get; set; }

    /// <summary>The shortest context a model may be loaded with.</summary>
    public const int MinimumContextLength = 16;

    /// <summary>How the KV cache is stored (f16 or q8_0).</summary>
    public KvCacheType KvCacheType { get; set; } = KvCacheType.F16;

    /// <summary>
    /// Sequences decoded together (llama.cpp's n_seq_max); each gets the full context and its own KV cache, so the KV
    /// memory grows with it. <see cref="AutoParallel"/> takes <see cref="AutoSequences"/> when the plan for them keeps
    /// every GPU layer and the context that one sequence gets, and one otherwise (as Ollama's default does).
    /// </summary>
    public int Parallel { get; set; } = 1;

    /// <summary>The most sequences one model may decode together.</summary>
    public const int MostParallel = 64;

    /// <summary>The <see cref="Parallel"/> value that lets the memory plan choose.</summary>
    public const int AutoParallel = 0;

    /// <summary>Sequences an automatic <see cref="Parallel"/> asks for first (llama-server's default slot count).</summary>
    public const int AutoSequences = 4;

    /// <summary>
    /// Flash attention: null lets llama.cpp decide (its "auto", which turns it on where the backend supports it, as
    /// node-llama-cpp does). On this CPU it speeds prompt evaluation and slows single-token decode a little
    /// (docs/bench.md), so the default stays llama.cpp's.
    /// </summary>
    public bool? FlashAttention { get; set; }

    /// <summary>Memory kept free on every GPU (default 1 GiB, as llama.cpp's --fit-target).</summary>
    public long MarginBytes { get; set; } = 1L << 30;

    /// <summary>Models kept loaded at once; the least recently used one goes first. Two lets chat switch back without a reload.</summary>
    public int MaxResident { get; set; } = 2;

    /// <summary>How long a model nobody uses stays loaded (Ollama's keep_alive); null keeps it until it is evicted.</summary>
    public TimeSpan? KeepAlive { get; set; }

    /// <summary>Requests that may wait for a busy model behind the one it is answering; more are refused as busy.</summary>
    public int QueueLength { get; set; } = DefaultQueueLength;

    /// <summary>The queue length when none is given.</summary>
    public const int DefaultQueueLength = 32;

    /// <summary>Memory resident models may use together (from the plan); null is not limited.</summary>
    public MemoryBudget? MemoryBudget { get; set; }

    /// <summary>The most sequences one model may decode together under these options.</summary>
    internal int MostSequences => Parallel == AutoParallel ? AutoSequences : Math.Max(1, Parallel);

    internal int EffectiveThreads => Threads is > 0 ? Threads.Value : Math.Max(1, Environment.ProcessorCount);
}
