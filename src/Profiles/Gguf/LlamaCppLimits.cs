namespace ModelScale.Profiles.Gguf;

/// <summary>
/// Limits and names that llama.cpp (the build LLamaSharp 0.30.0 ships) asserts on while it loads a model. Where
/// llama.cpp asserts instead of returning an error, a file past one of these takes the whole process down, so the
/// reader refuses it first.
/// </summary>
public static class LlamaCppLimits
{
    /// <summary>LLAMA_MAX_LAYERS: <c>GGML_ASSERT(n_layer_all &gt; 0 &amp;&amp; n_layer_all &lt;= LLAMA_MAX_LAYERS)</c>.</summary>
    public const int MaxLayers = 512;

    /// <summary>LLAMA_MAX_EXPERTS: <c>GGML_ASSERT(n_expert &lt;= LLAMA_MAX_EXPERTS)</c>.</summary>
    public const int MaxExperts = 512;

    /// <summary>GGML_MAX_NAME: a tensor name takes at most 63 bytes and a terminating NUL.</summary>
    public const int MaxTensorNameBytes = 63;

    /// <summary>The GGUF token type of a byte token (LLAMA_TOKEN_TYPE_BYTE).</summary>
    public const int ByteTokenType = 6;

    /// <summary>The longest chat template this service renders (real templates are a few KB; the longest known under 40 KB).</summary>
    public const int MaxChatTemplateLength = 64 * 1024;

    /// <summary>tokenizer.ggml.model values llama.cpp knows and can tokenize chat with.</summary>
    public static IReadOnlyList<string> ChatTokenizers { get; } = ["llama", "gpt2", "t5", "rwkv", "plamo2"];

    /// <summary>Architectures that use the BERT WordPiece tokenizer ("bert"): embedding models only.</summary>
    public static IReadOnlySet<string> BertArchitectures { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "bert", "modern-bert", "nomic-bert", "nomic-bert-moe", "neo-bert", "jina-bert-v2", "jina-bert-v3", "eurobert",
    };

    /// <summary>Tensor types ggml uses only inside its matrix code (Q8_1, Q8_K) or cannot multiply with (integers, F64).</summary>
    public static bool IsStorableWeightType(GgmlType type) =>
        type is not (GgmlType.I8 or GgmlType.I16 or GgmlType.I32 or GgmlType.I64 or GgmlType.F64 or GgmlType.Q8_1 or GgmlType.Q8_K);
}
