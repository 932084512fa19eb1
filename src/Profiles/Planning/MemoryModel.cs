namespace ModelScale.Profiles.Planning;

/// <summary>
/// How many bytes llama.cpp allocates for a model's KV cache, compute graph and outputs. The formulas follow what
/// llama.cpp 0.30.0's CPU backend was measured to allocate (see docs/memory-plan.md): llama.cpp rounds the context
/// up to a multiple of 256 for the KV cache; the compute buffer is the largest of the graph's phases, each sized
/// by the micro-batch of tokens it processes at once.
/// </summary>
public static class MemoryModel
{
    /// <summary>llama.cpp pads the KV cache to a multiple of this many cells.</summary>
    public const int ContextPadding = 256;

    /// <summary>The KV cells llama.cpp allocates for a context: rounded up to <see cref="ContextPadding"/>.</summary>
    public static long PaddedContext(long context) => (context + ContextPadding - 1) / ContextPadding * ContextPadding;

    /// <summary>Tokens processed in one graph evaluation: the micro-batch, never more than the context.</summary>
    public static long GraphTokens(long context, int microBatch) => Math.Max(1, Math.Min(microBatch, context));

    /// <summary>One layer's K and V cache for <paramref name="context"/> tokens (all sequences together).</summary>
    public static long KvBytesPerLayer(ModelMemoryFacts facts, long context, KvCacheType type)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var cells = PaddedContext(context);
        return KvCacheTypes.Bytes(type, facts.KeyWidth * cells) + KvCacheTypes.Bytes(type, facts.ValueWidth * cells);
    }

    /// <summary>The attention mask of one graph evaluation: an f16 per (KV cell, token).</summary>
    public static long MaskBytes(long context, int microBatch) => PaddedContext(context) * GraphTokens(context, microBatch) * 2;

    /// <summary>
    /// The feed-forward phase of a layer: gate, up and their product (n_ff wide), four n_embd-wide activations and
    /// the attention mask, which stays alive until the last layer has used it.
    /// </summary>
    public static long FeedForwardPhaseBytes(ModelMemoryFacts facts, long context, int microBatch)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var tokens = GraphTokens(context, microBatch);
        return ((3 * facts.FeedForwardLength) + (4 * facts.EmbeddingLength)) * tokens * 4 + MaskBytes(context, microBatch);
    }

    /// <summary>The attention phase: the mask plus the query, key, value and attention output activations.</summary>
    public static long AttentionPhaseBytes(ModelMemoryFacts facts, long context, int microBatch)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var tokens = GraphTokens(context, microBatch);
        return ((4 * facts.EmbeddingLength) + facts.KeyWidth + facts.ValueWidth) * tokens * 4 + MaskBytes(context, microBatch);
    }

    /// <summary>The output phase: f32 logits for every token of the micro-batch, next to two n_embd-wide activations.</summary>
    public static long OutputPhaseBytes(ModelMemoryFacts facts, long context, int microBatch)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var tokens = GraphTokens(context, microBatch);
        return (facts.VocabularySize + (2 * facts.EmbeddingLength)) * tokens * 4;
    }

    /// <summary>
    /// The compute buffer of a device: the peak of the phases it runs. The device that holds the output head also
    /// holds the logits.
    /// </summary>
    public static long ComputeBytes(ModelMemoryFacts facts, long context, int microBatch, bool holdsOutput)
    {
        var layers = Math.Max(FeedForwardPhaseBytes(facts, context, microBatch), AttentionPhaseBytes(facts, context, microBatch));
        return holdsOutput ? Math.Max(layers, OutputPhaseBytes(facts, context, microBatch)) : layers;
    }

    /// <summary>
    /// The output phase of an embeddings context, which evaluates a whole input in one micro-batch and outputs every
    /// token: f32 logits for each, the final hidden states with their transposed copy for pooling and the pooled rows
    /// (three n_embd-wide activations), and the attention mask, still held. Measured within 0.2% for a 32,000-token
    /// vocabulary at 512 and 2048 tokens, and 8% over on a 384-token one (EmbeddingsMemoryTests).
    /// </summary>
    public static long EmbeddingsOutputPhaseBytes(ModelMemoryFacts facts, long context)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var tokens = GraphTokens(context, (int)Math.Min(int.MaxValue, context));
        return ((facts.VocabularySize + (3 * facts.EmbeddingLength)) * tokens * 4) + MaskBytes(context, (int)Math.Min(int.MaxValue, context));
    }

    /// <summary>The compute buffer of an embeddings context's device: the layers' phases as for chat, then its own output phase.</summary>
    public static long EmbeddingsComputeBytes(ModelMemoryFacts facts, long context, bool holdsOutput)
    {
        var microBatch = (int)Math.Min(int.MaxValue, context);
        var layers = ComputeBytes(facts, context, microBatch, holdsOutput: false);
        return holdsOutput ? Math.Max(layers, EmbeddingsOutputPhaseBytes(facts, context)) : layers;
    }

    /// <summary>The host's compute buffer when every layer is on a GPU: only the graph's inputs stay on the CPU.</summary>
    public static long HostInputBytes(ModelMemoryFacts facts, long context, int microBatch)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return facts.EmbeddingLength * GraphTokens(context, microBatch) * 4 + MaskBytes(context, microBatch);
    }

    /// <summary>The host buffer llama.cpp keeps for the logits of one output per sequence.</summary>
    public static long OutputBufferBytes(ModelMemoryFacts facts, int parallel)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return facts.VocabularySize * 4 * Math.Max(1, parallel);
    }
}
