using ModelScale.Profiles.Gguf;
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
    /// <summary>
    /// The shape of <see cref="Tiny"/>: stories260K's layer stack (5 layers, n_embd 64, 8 heads with 4 KV heads), n_ff 192,
    /// 512 tokens, and a training context of 512, which caps every context the engine gives it: a random model rarely
    /// ends an answer by itself, so an answer without a token limit ends when the context is full, and that must be quick.
    /// </summary>
    public static ModelShape TinyShape { get; } = new ModelShape(
        Name: "ModelScale-Test-Tiny",
        Architecture: "llama",
        BlockCount: 5,
        EmbeddingLength: 64,
        FeedForwardLength: 192,
        HeadCount: 8,
        HeadCountKv: 4,
        VocabSize: 512,
        ContextLength: 512,
        RopeFreqBase: 10000f,
        RmsNormEps: 1e-5f,
        TiedEmbeddings: false,
        AttentionBias: false).Validate();

    /// <summary>The shape of <see cref="Other"/>: one layer, n_embd 32, 2 heads, 384 tokens, train ctx 512.</summary>
    public static ModelShape OtherShape { get; } = (TinyShape with
    {
        Name = "ModelScale-Test-Other",
        BlockCount = 1,
        EmbeddingLength = 32,
        FeedForwardLength = 64,
        HeadCount = 2,
        HeadCountKv = 2,
        VocabSize = 384,
        ContextLength = 512,
    }).Validate();

    private static readonly Lazy<string> TinyFile = new(() => Write("tiny.gguf", TinyShape, seed: 1));
    private static readonly Lazy<string> OtherFile = new(() => Write("other.gguf", OtherShape, seed: 2));
    private static readonly Lazy<string> GgufV1File = new(() => WriteWith("gguf-v1.gguf", new GgufWriter { Version = 1 }.Add("general.architecture", "llama")));
    private static readonly Lazy<string> VocabOnlyFile = new(() => WriteWith("vocab-only.gguf", VocabOnlyWriter()));

    /// <summary>The folder the models are written to.</summary>
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "own-models");

    /// <summary>A tiny random-weight llama model with ModelScale's own vocabulary and, like stories260K, no chat template.</summary>
    public static string Tiny => TinyFile.Value;

    /// <summary>A second, different tiny model (another shape, vocabulary size and seed), for switching and multi-model tests.</summary>
    public static string Other => OtherFile.Value;

    /// <summary>A header in the obsolete GGUF version 1, which our reader and llama.cpp refuse.</summary>
    public static string GgufV1 => GgufV1File.Value;

    /// <summary>A vocabulary (ours, with its ChatML template) and no tensors: it loads only as vocab-only.</summary>
    public static string VocabOnly => VocabOnlyFile.Value;

    private static GgufWriter VocabOnlyWriter()
    {
        var writer = new GgufWriter().Add("general.architecture", "llama").Add("general.name", "ModelScale-Test-VocabOnly");
        foreach (var (key, value) in ByteLevelVocabulary.Create(TinyShape.VocabSize, chatTemplate: true).Metadata)
        {
            writer.Add(key, value);
        }

        return writer;
    }

    private static string WriteWith(string fileName, GgufWriter writer)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, fileName);
        var partial = $"{path}.{Environment.ProcessId}.partial";
        using (var stream = File.Create(partial))
        {
            writer.WriteHeaderOnly(stream);
        }

        File.Move(partial, path, overwrite: true);
        return path;
    }

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
