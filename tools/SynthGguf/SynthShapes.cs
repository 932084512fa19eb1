using ModelScale.Profiles.Synthetic;

namespace ModelScale.Tools.SynthGguf;

/// <summary>
/// The shapes synth-gguf writes: the built-in ones (<see cref="ModelShapes.ById"/>) and "test-tiny", a model of a few
/// hundred thousand parameters that loads and answers in milliseconds, for scripts that need a model to serve (the
/// JavaScript client tests in clients/js). It has the layer stack of the C# tests' own tiny model (5 layers, n_embd
/// 64, 8 heads with 4 KV heads, 512 tokens of ModelScale's byte-level vocabulary) and a training context of 4096, so
/// that a prompt holding tool schemas fits.
/// </summary>
internal static class SynthShapes
{
    public const string TestTiny = "test-tiny";

    private static readonly ModelShape TestTinyShape = new ModelShape(
        Name: "ModelScale-Test-Tiny-4K",
        Architecture: "llama",
        BlockCount: 5,
        EmbeddingLength: 64,
        FeedForwardLength: 192,
        HeadCount: 8,
        HeadCountKv: 4,
        VocabSize: 512,
        ContextLength: 4096,
        RopeFreqBase: 10000f,
        RmsNormEps: 1e-5f,
        TiedEmbeddings: false,
        AttentionBias: false).Validate();

    public static IEnumerable<string> Ids => ModelShapes.ById.Keys.Append(TestTiny);

    public static bool TryGet(string? id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ModelShape? shape)
    {
        if (string.Equals(id?.Trim(), TestTiny, StringComparison.OrdinalIgnoreCase))
        {
            shape = TestTinyShape;
            return true;
        }

        return ModelShapes.TryGet(id, out shape);
    }
}
