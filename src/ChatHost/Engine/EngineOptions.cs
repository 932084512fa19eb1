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
    public int BatchSize { get; set; } = 512;

    /// <summary>Context length to use instead of the profile's default. Null uses the profile's.</summary>
    public int? ContextLength { get; set; }

    /// <summary>How the KV cache is stored (f16 or q8_0).</summary>
    public KvCacheType KvCacheType { get; set; } = KvCacheType.F16;

    /// <summary>Sequences decoded in parallel; each gets the full context.</summary>
    public int Parallel { get; set; } = 1;

    /// <summary>
    /// Flash attention: null lets llama.cpp decide (its "auto", which turns it on where the backend supports it, as
    /// node-llama-cpp does). On this CPU it speeds prompt evaluation and slows single-token decode a little
    /// (docs/bench.md), so the default stays llama.cpp's.
    /// </summary>
    public bool? FlashAttention { get; set; }

    /// <summary>Memory kept free on every GPU (default 1 GiB, as llama.cpp's --fit-target).</summary>
    public long MarginBytes { get; set; } = 1L << 30;

    internal int EffectiveThreads => Threads is > 0 ? Threads.Value : Math.Max(1, Environment.ProcessorCount);
}
