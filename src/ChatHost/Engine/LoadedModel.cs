using LLama;
using LLama.Native;
using ModelScale.ChatHost.Engine.Decoding;
using ModelScale.Profiles.Planning;

namespace ModelScale.ChatHost.Engine;

/// <summary>
/// A model resident in memory: weights, one context, its prompt renderer, and its <see cref="Decoder"/>, which answers
/// every request on it (one at a time when it was loaded for one sequence, together when loaded for several) and keeps
/// what each slot's KV cache holds, so the next turn evaluates only what is new.
/// </summary>
public sealed class LoadedModel : IDisposable
{
    internal LoadedModel(ModelLoadRequest request, LLamaWeights weights, LLamaContext context, LoadOutcome outcome, int threads, TimeSpan loadTime, InferenceThread compute, TimeProvider? time = null, Func<LoadedModel, CancellationToken, Task>? reserveEmbeddings = null)
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
        Decoder = new DecodeLoop(this, time ?? TimeProvider.System);
        Embeddings = new ModelEmbeddings(this, reserveEmbeddings);
    }

    public ModelLoadRequest Request { get; }

    public string Id => Request.Id;

    /// <summary>The whole context, over all sequences.</summary>
    public int ContextLength => (int)Context.ContextSize;

    /// <summary>Sequences the context was made for (llama.cpp's n_seq_max).</summary>
    public int Sequences => (int)Context.NativeHandle.MaxSeq;

    /// <summary>Tokens one sequence holds: the context split evenly over the sequences.</summary>
    public int SequenceContext => ContextLength / Math.Max(1, Sequences);

    /// <summary>The decode loop every answer on this model goes through, with one slot per sequence.</summary>
    public DecodeLoop Decoder { get; }

    /// <summary>The model's pooled embeddings: a context of their own, made at the first request and freed with the model.</summary>
    internal ModelEmbeddings Embeddings { get; }

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

    /// <summary>
    /// How long it stays loaded after its last use: the engine's keep-alive, or the last one a lease asked for
    /// (<see cref="ModelKeepAlive"/>); null keeps it until it is evicted. Read and written under the engine's resident lock.
    /// </summary>
    internal TimeSpan? KeepAlive { get; set; }

    /// <summary>When the model was last acquired or released (a <see cref="TimeProvider"/> timestamp).</summary>
    internal long LastUsed { get; set; }

    /// <summary>What the model holds in memory, as planned: the chat context, and the embeddings context once it is reserved.</summary>
    public ModelCost Cost => ModelCost.From(Plan).Plus(Embeddings.Cost);

    /// <summary>The engine's thread for llama_decode (see <see cref="InferenceThread"/>).</summary>
    internal InferenceThread Compute { get; }

    /// <summary>Evaluates a batch on the engine's inference thread.</summary>
    internal Task<DecodeResult> DecodeAsync(LLamaBatch batch) => Compute.RunAsync(() => Context.Decode(batch));

    /// <summary>The last prompt rendered for this model, exactly as it was tokenized (for tests and diagnostics).</summary>
    public string? LastPrompt { get; internal set; }

    /// <summary>Tokenizes text the way prompts are: BOS when the model wants it, template markers as special tokens.</summary>
    public LLamaToken[] Tokenize(string text) => Context.Tokenize(text, addBos: Weights.Vocab.ShouldAddBOS, special: true);

    /// <summary>Tokenizes a piece of text on its own: no BOS, and special tokens' text read as text unless <paramref name="special"/>.</summary>
    internal LLamaToken[] Tokenize(string text, bool special) => text.Length == 0 ? [] : Context.Tokenize(text, addBos: false, special: special);

    /// <summary>Forgets what every slot's KV cache holds, once the answers running now have ended.</summary>
    internal void ResetCache() => Decoder.Forget();

    public void Dispose()
    {
        Decoder.Dispose();
        Embeddings.Dispose();
        Context.Dispose();
        Weights.Dispose();
        Gate.Dispose();
    }
}
