namespace ModelScale.Profiles.Synthetic;

/// <summary>
/// The shapes of the catalog's real tiers, from each model's published config.json (hidden_size, intermediate_size,
/// num_hidden_layers, num_attention_heads, num_key_value_heads, vocab_size, max_position_embeddings, rope_theta,
/// rms_norm_eps, tie_word_embeddings), plus <see cref="Synthetic1B"/>, a 1B shape that llama.cpp can load with the
/// llama-2 vocabulary of the shared test model llama-2-tiny-random.gguf.
/// </summary>
public static class ModelShapes
{
    /// <summary>meta-llama/Llama-3.2-1B(-Instruct): 1,235,814,400 parameters, tied embeddings.</summary>
    public static ModelShape Llama32_1B { get; } = new ModelShape(
        Name: "Llama-3.2-1B",
        Architecture: "llama",
        BlockCount: 16,
        EmbeddingLength: 2048,
        FeedForwardLength: 8192,
        HeadCount: 32,
        HeadCountKv: 8,
        VocabSize: 128256,
        ContextLength: 131072,
        RopeFreqBase: 500000f,
        RmsNormEps: 1e-5f,
        TiedEmbeddings: true,
        AttentionBias: false)
    {
        RopeScaling = new Llama3RopeScaling(Factor: 32, LowFreqFactor: 1, HighFreqFactor: 4, OriginalContextLength: 8192),
    }.Validate();

    /// <summary>Qwen/Qwen2.5-7B(-Instruct): 7,615,616,512 parameters, q/k/v biases, untied output.</summary>
    public static ModelShape Qwen25_7B { get; } = new ModelShape(
        Name: "Qwen2.5-7B",
        Architecture: "qwen2",
        BlockCount: 28,
        EmbeddingLength: 3584,
        FeedForwardLength: 18944,
        HeadCount: 28,
        HeadCountKv: 4,
        VocabSize: 152064,
        ContextLength: 32768,
        RopeFreqBase: 1000000f,
        RmsNormEps: 1e-6f,
        TiedEmbeddings: false,
        AttentionBias: true).Validate();

    /// <summary>meta-llama/Llama-2-13b(-chat): 13,015,864,320 parameters, full multi-head attention.</summary>
    public static ModelShape Llama2_13B { get; } = new ModelShape(
        Name: "Llama-2-13B",
        Architecture: "llama",
        BlockCount: 40,
        EmbeddingLength: 5120,
        FeedForwardLength: 13824,
        HeadCount: 40,
        HeadCountKv: 40,
        VocabSize: 32000,
        ContextLength: 4096,
        RopeFreqBase: 10000f,
        RmsNormEps: 1e-5f,
        TiedEmbeddings: false,
        AttentionBias: false).Validate();

    /// <summary>meta-llama/Llama-3.3-70B-Instruct: 70,553,706,496 parameters (plus 64 in rope_freqs.weight).</summary>
    public static ModelShape Llama33_70B { get; } = new ModelShape(
        Name: "Llama-3.3-70B",
        Architecture: "llama",
        BlockCount: 80,
        EmbeddingLength: 8192,
        FeedForwardLength: 28672,
        HeadCount: 64,
        HeadCountKv: 8,
        VocabSize: 128256,
        ContextLength: 131072,
        RopeFreqBase: 500000f,
        RmsNormEps: 1e-5f,
        TiedEmbeddings: false,
        AttentionBias: false)
    {
        RopeScaling = new Llama3RopeScaling(Factor: 8, LowFreqFactor: 1, HighFreqFactor: 4, OriginalContextLength: 8192),
    }.Validate();

    /// <summary>
    /// The 1B layer stack (16 layers, n_embd 2048, n_ff 8192, 32 heads, 8 KV heads of 64) over the 32,000-token llama-2
    /// vocabulary, with an untied output and no RoPE scaling, so that the tokenizer of llama-2-tiny-random.gguf fits and
    /// llama.cpp runs it. In Q4_0 this is the model LLAMASHARP-NOTES.md measured: a 35.41 MiB CPU buffer (token_embd
    /// and norms) and a 557.16 MiB CPU_REPACK buffer (the repacked layer weights and output.weight).
    /// </summary>
    public static ModelShape Synthetic1B { get; } = (Llama32_1B with
    {
        Name = "Synthetic-1B",
        VocabSize = 32000,
        TiedEmbeddings = false,
        RopeScaling = null,
    }).Validate();

    /// <summary>
    /// The layer stack of meta-llama/Llama-3.1-8B (32 layers, n_embd 4096, n_ff 14336, 32 heads, 8 KV heads of 128)
    /// over the 32,000-token llama-2 vocabulary, untied and without RoPE scaling, like <see cref="Synthetic1B"/>: an 8B
    /// model llama.cpp runs with the shared test model's tokenizer (the GPU check's middle size).
    /// </summary>
    public static ModelShape Synthetic8B { get; } = new ModelShape(
        Name: "Synthetic-8B",
        Architecture: "llama",
        BlockCount: 32,
        EmbeddingLength: 4096,
        FeedForwardLength: 14336,
        HeadCount: 32,
        HeadCountKv: 8,
        VocabSize: 32000,
        ContextLength: 131072,
        RopeFreqBase: 500000f,
        RmsNormEps: 1e-5f,
        TiedEmbeddings: false,
        AttentionBias: false).Validate();

    /// <summary>The shapes by id: the catalog's tier ids, "synthetic-1b" and "synthetic-8b".</summary>
    public static IReadOnlyDictionary<string, ModelShape> ById { get; } = new Dictionary<string, ModelShape>(StringComparer.OrdinalIgnoreCase)
    {
        ["1b"] = Llama32_1B,
        ["7b"] = Qwen25_7B,
        ["13b"] = Llama2_13B,
        ["70b"] = Llama33_70B,
        ["synthetic-1b"] = Synthetic1B,
        ["synthetic-8b"] = Synthetic8B,
    };

    /// <summary>The shape with id <paramref name="id"/>; false when there is none.</summary>
    public static bool TryGet(string? id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ModelShape? shape)
    {
        shape = null;
        return id is not null && ById.TryGetValue(id.Trim(), out shape);
    }
}
