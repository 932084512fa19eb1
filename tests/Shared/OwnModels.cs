using ModelScale.Profiles.Synthetic;

namespace ModelScale.Tests.Shared;

/// <summary>
/// Small models the tests write themselves, with the project's own GGUF writer and its own byte-level vocabulary
/// (<see cref="ByteLevelVocabulary"/>): random Q4_0 weights that llama.cpp loads and runs, for every test that needs
/// "a model that loads and generates" rather than a trained tokenizer or a real chat template (those use
/// <see cref="TestModels"/> and skip without them). Each file is written once per test process into the test binaries'
/// folder, so a fresh clone needs nothing from ../shared.
/// </summary>
internal static class OwnModels
{
    /// <summary>The shape of <see cref="Tiny"/>: 2 layers, n_embd 64, 4 heads (2 KV heads), n_ff 128, 512 tokens, train ctx 4096.</summary>
    public static ModelShape TinyShape { get; } = new ModelShape(
        Name: "ModelScale-Test-Tiny",
        Architecture: "llama",
        BlockCount: 2,
        EmbeddingLength: 64,
        FeedForwardLength: 128,
        HeadCount: 4,
        HeadCountKv: 2,
        VocabSize: 512,
        ContextLength: 4096,
        RopeFreqBase: 10000f,
        RmsNormEps: 1e-5f,
        TiedEmbeddings: false,
        AttentionBias: false).Validate();

    /// <summary>The shape of <see cref="Other"/>: one layer, n_embd 32, 2 heads, 384 tokens, train ctx 2048.</summary>
    public static ModelShape OtherShape { get; } = (TinyShape with
    {
        Name = "ModelScale-Test-Other",
        BlockCount = 1,
        EmbeddingLength = 32,
        FeedForwardLength = 64,
        HeadCount = 2,
        HeadCountKv = 2,
        VocabSize = 384,
        ContextLength = 2048,
    }).Validate();

    private static readonly Lazy<string> TinyFile = new(() => Write("tiny.gguf", TinyShape, seed: 1));
    private static readonly Lazy<string> OtherFile = new(() => Write("other.gguf", OtherShape, seed: 2));

    /// <summary>The folder the models are written to.</summary>
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "own-models");

    /// <summary>A tiny random-weight llama model with ModelScale's own vocabulary and a ChatML template.</summary>
    public static string Tiny => TinyFile.Value;

    /// <summary>A second, different tiny model (another shape, vocabulary size and seed), for switching and multi-model tests.</summary>
    public static string Other => OtherFile.Value;

    private static string Write(string fileName, ModelShape shape, int seed)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, fileName);
        var partial = $"{path}.{Environment.ProcessId}.partial";
        var writer = new SyntheticGgufWriter(shape, QuantizationScheme.AllQ4_0, ByteLevelVocabulary.Create(shape.VocabSize)) { Seed = seed };
        using (var stream = File.Create(partial))
        {
            writer.Write(stream);
        }

        File.Move(partial, path, overwrite: true);
        return path;
    }
}
