using LLama;
using LLama.Native;
using ModelScale.Profiles.Planning;

namespace ModelScale.ChatHost.Engine;

/// <summary>
/// A model resident in memory: weights, one context, its prompt renderer, and what is in its KV cache.
/// Loaded for one sequence, one answer runs at a time and the KV cache keeps the last prompt, so the next turn
/// evaluates only what is new. Loaded for several, its <see cref="Batched"/> decoder answers them together.
/// </summary>
public sealed class LoadedModel : IDisposable
{
    private readonly List<LLamaToken> _evaluated = [];

    internal LoadedModel(ModelLoadRequest request, LLamaWeights weights, LLamaContext context, LoadOutcome outcome, int threads, TimeSpan loadTime, InferenceThread compute, TimeProvider? time = null)
    {
        Compute = compute;
        Request = request;
        Weights = weights;
        Context = context;
        Plan = outcome.Plan;
        Buffers = outcome.Buffers;
        FallbackSteps = outcome.FallbackSteps;
        GpuLayerCount = outcome.Plan?.GpuLayers ?? 0;
        Threads = threads;
        LoadTime = loadTime;
        Renderer = new PromptRenderer(weights, request.ChatTemplate);
        Batched = Sequences > 1 ? new BatchedDecoder(this, time ?? TimeProvider.System) : null;
    }

    public ModelLoadRequest Request { get; }

    public string Id => Request.Id;

    /// <summary>The whole context, over all sequences.</summary>
    public int ContextLength => (int)Context.ContextSize;

    /// <summary>Sequences the context was made for (llama.cpp's n_seq_max).</summary>
    public int Sequences => (int)Context.NativeHandle.MaxSeq;

    /// <summary>Tokens one sequence holds: the context split evenly over the sequences.</summary>
    public int SequenceContext => ContextLength / Math.Max(1, Sequences);

    /// <summary>Decodes concurrent answers together; null for a model loaded for one sequence.</summary>
    public BatchedDecoder? Batched { get; }

    public int GpuLayerCount { get; }

    /// <summary>The plan the model was really loaded with (after any fallback); null for a load without one.</summary>
    public OffloadPlan? Plan { get; }

    /// <summary>What llama.cpp reported allocating for this model.</summary>
    public MeasuredBuffers Buffers { get; }

    /// <summary>How many fallback steps the load needed (0 when the first plan loaded).</summary>
    public int FallbackSteps { get; }

    public int Threads { get; }

    public TimeSpan LoadTime { get; }

    public PromptRenderer Renderer { get; }

    internal LLamaWeights Weights { get; }

    internal LLamaContext Context { get; }

    internal SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>Leases out now; the engine never unloads a model while it has any.</summary>
    internal int Leases { get; set; }

    /// <summary>Removed from the resident list while leased: disposed when the last lease comes back.</summary>
    internal bool Evicted { get; set; }

    /// <summary>When the model was last acquired or released (a <see cref="TimeProvider"/> timestamp).</summary>
    internal long LastUsed { get; set; }

    /// <summary>What the model holds in memory, as planned.</summary>
    public ModelCost Cost => ModelCost.From(Plan);

    /// <summary>The engine's thread for llama_decode (see <see cref="InferenceThread"/>).</summary>
    internal InferenceThread Compute { get; }

    /// <summary>Evaluates a batch on the engine's inference thread.</summary>
    internal Task<DecodeResult> DecodeAsync(LLamaBatch batch) => Compute.RunAsync(() => Context.Decode(batch));

    /// <summary>The last prompt rendered for this model, exactly as it was tokenized (for tests and diagnostics).</summary>
    public string? LastPrompt { get; internal set; }

    /// <summary>Tokens whose KV state sits in sequence 0, in order.</summary>
    internal List<LLamaToken> Evaluated => _evaluated;

    /// <summary>Tokenizes text the way prompts are: BOS when the model wants it, template markers as special tokens.</summary>
    public LLamaToken[] Tokenize(string text) => Context.Tokenize(text, addBos: Weights.Vocab.ShouldAddBOS, special: true);

    /// <summary>Forget the KV cache (after an error, the cached state can no longer be trusted).</summary>
    internal void ResetCache()
    {
        Context.NativeHandle.MemorySequenceRemove(LLamaSeqId.Zero, 0, -1);
        _evaluated.Clear();
    }

    public void Dispose()
    {
        Batched?.Dispose();
        Context.Dispose();
        Weights.Dispose();
        Gate.Dispose();
    }
}
