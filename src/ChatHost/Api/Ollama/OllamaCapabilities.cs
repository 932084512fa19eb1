using ModelScale.Profiles.Gguf;

namespace ModelScale.ChatHost.Api.Ollama;

/// <summary>
/// What /api/show says a model can do: completion, tools and embedding for every model here, and "insert" (Ollama's
/// name for fill-in-the-middle with suffix) when its vocabulary has FIM prefix, suffix and middle tokens: named by
/// their GGUF keys, or by the token texts llama.cpp itself looks for when the keys are absent.
/// </summary>
public static class OllamaCapabilities
{
    private static readonly (string Key, string[] Texts)[] FimTokens =
    [
        ("tokenizer.ggml.fim_pre_token_id", ["<|fim_prefix|>", "<fim-prefix>", "<fim_prefix>", "<｜fim▁begin｜>", "<PRE>", "▁<PRE>", "<|code_prefix|>"]),
        ("tokenizer.ggml.fim_suf_token_id", ["<|fim_suffix|>", "<fim-suffix>", "<fim_suffix>", "<｜fim▁hole｜>", "<SUF>", "▁<SUF>", "<|code_suffix|>"]),
        ("tokenizer.ggml.fim_mid_token_id", ["<|fim_middle|>", "<fim-middle>", "<fim_middle>", "<｜fim▁end｜>", "<MID>", "▁<MID>", "<|code_middle|>"]),
    ];

    public static IReadOnlyList<string> Of(GgufFile header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return FillsInTheMiddle(header) ? ["completion", "tools", "embedding", "insert"] : ["completion", "tools", "embedding"];
    }

    /// <summary>Whether the vocabulary has all three FIM tokens.</summary>
    public static bool FillsInTheMiddle(GgufFile header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var tokens = header.Metadata.TryGetValue("tokenizer.ggml.tokens", out var value) && value.Value is GgufArray { ElementType: GgufValueType.String } array
            ? new HashSet<string>(array.Get<string>(), StringComparer.Ordinal)
            : [];
        return FimTokens.All(fim => header.Metadata.ContainsKey(fim.Key) || fim.Texts.Any(tokens.Contains));
    }
}
