namespace ModelScale.Profiles.Synthetic;

/// <summary>
/// The shape of a dense decoder-only transformer as llama.cpp sees it: what a GGUF header says about a model, without
/// its weights. Lengths are in elements; every weight row (the embedding width and the feed-forward width) must be a
/// whole number of 32-element quantization blocks.
/// </summary>
/// <param name="Name">Written to general.name, e.g. "Llama-3.2-1B".</param>
/// <param name="Architecture">general.architecture: "llama" or "qwen2".</param>
/// <param name="BlockCount">Transformer layers ({arch}.block_count).</param>
/// <param name="EmbeddingLength">n_embd, the width of the residual stream.</param>
/// <param name="FeedForwardLength">n_ff, the width of the gated MLP.</param>
/// <param name="HeadCount">Query heads.</param>
/// <param name="HeadCountKv">Key/value heads (fewer than <paramref name="HeadCount"/> with grouped-query attention).</param>
/// <param name="VocabSize">Tokens in the vocabulary (rows of token_embd and output).</param>
/// <param name="ContextLength">The training context ({arch}.context_length).</param>
/// <param name="RopeFreqBase">RoPE theta ({arch}.rope.freq_base).</param>
/// <param name="RmsNormEps">{arch}.attention.layer_norm_rms_epsilon.</param>
/// <param name="TiedEmbeddings">True when the output projection reuses token_embd, so there is no output.weight.</param>
/// <param name="AttentionBias">True when q, k and v have biases (qwen2).</param>
public sealed record ModelShape(
    string Name,
    string Architecture,
    int BlockCount,
    int EmbeddingLength,
    int FeedForwardLength,
    int HeadCount,
    int HeadCountKv,
    int VocabSize,
    int ContextLength,
    float RopeFreqBase,
    float RmsNormEps,
    bool TiedEmbeddings,
    bool AttentionBias)
{
    /// <summary>The elements in one quantization block of Q4_0; every weight row must hold whole blocks.</summary>
    public const int RowMultiple = 32;

    /// <summary>Llama 3's frequency-dependent RoPE scaling, stored by llama.cpp as rope_freqs.weight; null when absent.</summary>
    public Llama3RopeScaling? RopeScaling { get; init; }

    /// <summary>Elements per attention head: n_embd / n_head.</summary>
    public int HeadDim => EmbeddingLength / HeadCount;

    /// <summary>Width of the key (and value) projection: n_head_kv × head_dim.</summary>
    public int KvLength => HeadCountKv * HeadDim;

    /// <summary>
    /// Throws <see cref="ArgumentException"/> with one sentence when the shape is impossible: a non-positive size, heads
    /// that do not divide the embedding, KV heads that do not divide the query heads, or a row that is not whole
    /// 32-element blocks.
    /// </summary>
    public ModelShape Validate()
    {
        if (string.IsNullOrWhiteSpace(Name) || string.IsNullOrWhiteSpace(Architecture))
        {
            throw new ArgumentException("A model shape needs a name and an architecture.");
        }

        if (BlockCount <= 0 || EmbeddingLength <= 0 || FeedForwardLength <= 0 || HeadCount <= 0 || HeadCountKv <= 0
            || VocabSize <= 0 || ContextLength <= 0 || RopeFreqBase <= 0 || RmsNormEps <= 0)
        {
            throw new ArgumentException($"Shape '{Name}' has a size that is zero or negative; every count and length must be positive.");
        }

        if (EmbeddingLength % HeadCount != 0)
        {
            throw new ArgumentException($"Shape '{Name}': {HeadCount} heads do not divide the embedding length of {EmbeddingLength}.");
        }

        if (HeadCount % HeadCountKv != 0)
        {
            throw new ArgumentException($"Shape '{Name}': {HeadCountKv} KV heads do not divide the {HeadCount} query heads.");
        }

        if (EmbeddingLength % RowMultiple != 0 || FeedForwardLength % RowMultiple != 0)
        {
            throw new ArgumentException(
                $"Shape '{Name}': the embedding length ({EmbeddingLength}) and feed-forward length ({FeedForwardLength}) must be multiples of {RowMultiple}, the Q4_0 block size.");
        }

        if (HeadDim % 2 != 0)
        {
            throw new ArgumentException($"Shape '{Name}': RoPE needs an even head dimension, not {HeadDim}.");
        }

        return this;
    }
}
