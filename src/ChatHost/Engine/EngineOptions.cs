namespace ModelScale.ChatHost.Engine;

/// <summary>How the engine loads models. Every value reaches llama.cpp explicitly; none is left to a library default.</summary>
public sealed class EngineOptions
{
    /// <summary>Layers offloaded to a GPU. 0 (CPU only) until the offload planner decides it per model.</summary>
    public int GpuLayerCount { get; set; }

    /// <summary>Generation threads. Null means one per logical processor.</summary>
    public int? Threads { get; set; }

    /// <summary>Logical batch size for prompt evaluation (llama.cpp's n_batch).</summary>
    public int BatchSize { get; set; } = 512;

    /// <summary>Context length to use instead of the profile's default. Null uses the profile's.</summary>
    public int? ContextLength { get; set; }

    internal int EffectiveThreads => Threads is > 0 ? Threads.Value : Math.Max(1, Environment.ProcessorCount);
}
