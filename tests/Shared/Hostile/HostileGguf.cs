using ModelScale.Profiles.Gguf;

namespace ModelScale.Tests.Shared.Hostile;

/// <summary>
/// One way to make a GGUF that llama.cpp cannot survive, as found by an attack run on the landed build (issue 18):
/// a name, the change it makes to a model's header, and the words the refusal must contain (the key or tensor).
/// </summary>
internal sealed record HostileCase(string Name, string Cause, Action<HostileModel> Mutate, string Expected)
{
    public override string ToString() => Name;
}

/// <summary>
/// Writes hostile GGUF files: a copy of a real model (its metadata, tensor table and weights) with one change made
/// through <see cref="HostileModel"/>, written with the project's <see cref="GgufWriter"/>.
/// </summary>
internal static class HostileGguf
{
    /// <summary>Every case: at least one per cause class of issue 18's finding 1, and some variants.</summary>
    public static IReadOnlyList<HostileCase> Cases { get; } =
    [
        new("duplicate-token", "duplicate token strings",
            m => m.SetTokens(t => t[4] = t[5]), "twice in tokenizer.ggml.tokens"),
        new("scores-as-strings", "tokenizer.ggml.scores stored as strings",
            m => m.Metadata["tokenizer.ggml.scores"] = Strings(m.TokenCount), "tokenizer.ggml.scores as an array of String"),
        new("token-type-as-strings", "tokenizer.ggml.token_type stored as strings",
            m => m.Metadata["tokenizer.ggml.token_type"] = Strings(m.TokenCount), "tokenizer.ggml.token_type as an array of String"),
        new("scores-short", "fewer scores than tokens",
            m => m.Metadata["tokenizer.ggml.scores"] = GgufValue.FromArray(GgufArray.Of(new float[m.TokenCount - 1])), "entries in tokenizer.ggml.scores"),
        new("tokens-as-integers", "tokens stored as integers",
            m => m.Metadata["tokenizer.ggml.tokens"] = GgufValue.FromArray(GgufArray.Of(new int[m.TokenCount])), "tokenizer.ggml.tokens as an array of Int32"),
        new("empty-byte-token", "an empty byte token",
            m => m.SetTokens(t => t[m.FirstByteToken] = ""), "as a byte token"),
        new("invalid-byte-token", "a byte token not written <0xXX>",
            m => m.SetTokens(t => t[m.FirstByteToken] = "ǂ"), "as a byte token"),
        new("missing-byte-token", "a SentencePiece vocabulary without a byte token",
            m => m.SetTokens(t => t[Array.IndexOf(t, "<0xC3>")] = "Ã-as-a-word", normalType: true), "no token for the byte 0xC3"),
        new("bert-tokenizer", "a BERT tokenizer on a llama model",
            m => m.Metadata["tokenizer.ggml.model"] = GgufValue.FromString("bert"), "tokenizer.ggml.model 'bert'"),
        new("unknown-tokenizer", "a tokenizer llama.cpp does not know",
            m => m.Metadata["tokenizer.ggml.model"] = GgufValue.FromString("klingon"), "'klingon'"),
        new("too-many-layers", "block_count above LLAMA_MAX_LAYERS",
            m => m.Metadata[$"{m.Arch}.block_count"] = GgufValue.FromUInt32(100_000), ".block_count = 100,000"),
        new("too-many-experts", "expert_count above LLAMA_MAX_EXPERTS",
            m => m.Metadata[$"{m.Arch}.expert_count"] = GgufValue.FromUInt32(4096), ".expert_count = 4,096"),
        new("experts-used-above-count", "expert_used_count above expert_count",
            m =>
            {
                m.Metadata[$"{m.Arch}.expert_count"] = GgufValue.FromUInt32(4);
                m.Metadata[$"{m.Arch}.expert_used_count"] = GgufValue.FromUInt32(8);
            }, ".expert_used_count = 8"),
        new("experts-without-tensors", "experts declared without expert tensors",
            m =>
            {
                m.Metadata[$"{m.Arch}.expert_count"] = GgufValue.FromUInt32(8);
                m.Metadata[$"{m.Arch}.expert_used_count"] = GgufValue.FromUInt32(2);
            }, "holds no expert tensors"),
        new("epsilon-nan", "layer_norm_rms_epsilon NaN",
            m => m.Metadata[$"{m.Arch}.attention.layer_norm_rms_epsilon"] = GgufValue.FromFloat32(float.NaN), "layer_norm_rms_epsilon = NaN"),
        new("epsilon-negative", "layer_norm_rms_epsilon negative",
            m => m.Metadata[$"{m.Arch}.attention.layer_norm_rms_epsilon"] = GgufValue.FromFloat32(-1f), "layer_norm_rms_epsilon = -1"),
        new("zero-dimension", "a tensor with a zero dimension",
            m => m.Retensor("blk.0.attn_q.weight", dims => [dims[0], 0], null), "tensor 'blk.0.attn_q.weight' has a dimension of 0"),
        new("weights-i8", "weights stored as I8",
            m => m.Retensor("blk.0.ffn_down.weight", null, GgmlType.I8), "as I8"),
        new("weights-i16", "weights stored as I16",
            m => m.Retensor("blk.0.ffn_down.weight", null, GgmlType.I16), "as I16"),
        new("weights-i32", "weights stored as I32",
            m => m.Retensor("blk.0.ffn_down.weight", null, GgmlType.I32), "as I32"),
        new("weights-f64", "weights of a type the architecture cannot use (F64)",
            m => m.Retensor("blk.0.attn_k.weight", null, GgmlType.F64), "as F64"),
        new("norm-bf16", "a norm of a type the architecture cannot use (BF16)",
            m => m.Retensor("blk.0.attn_norm.weight", null, GgmlType.BF16), "one-dimensional tensor 'blk.0.attn_norm.weight' as BF16"),
        new("output-wrong-shape", "an output tensor of the wrong shape",
            m => m.Retensor(m.OutputTensor, dims => [dims[0], dims[1] - 1], null), $"has the shape"),
    ];

    /// <summary>Writes <paramref name="source"/> with <paramref name="hostile"/>'s change to <paramref name="target"/>.</summary>
    public static void Write(string source, HostileCase hostile, string target)
    {
        ArgumentNullException.ThrowIfNull(hostile);
        var model = HostileModel.Read(source);
        hostile.Mutate(model);
        model.Write(target);
    }

    /// <summary>Writes an unchanged copy through the same path (a control: it must pass every check).</summary>
    public static void WriteCopy(string source, string target) => HostileModel.Read(source).Write(target);

    private static GgufValue Strings(int count) =>
        GgufValue.FromArray(GgufArray.Of(Enumerable.Range(0, count).Select(i => $"s{i}").ToArray()));
}
