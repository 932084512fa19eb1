using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Engine.Decoding;
using ModelScale.Profiles.Synthetic;
using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Engine;

/// <summary>llama.cpp loads and runs a model we wrote ourselves: random Q4_0 weights under our own byte-level vocabulary.</summary>
public sealed class SyntheticModelTests : IDisposable
{
    private static readonly ModelShape Tiny = new(
        "Tiny", "llama", BlockCount: 2, EmbeddingLength: 256, FeedForwardLength: 512, HeadCount: 4, HeadCountKv: 2,
        VocabSize: 32000, ContextLength: 2048, RopeFreqBase: 10000f, RmsNormEps: 1e-5f, TiedEmbeddings: false, AttentionBias: false);

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"modelscale-synthetic-{Guid.NewGuid():N}.gguf");

    public SyntheticModelTests()
    {
        new SyntheticGgufWriter(Tiny, QuantizationScheme.AllQ4_0, ByteLevelVocabulary.Create(Tiny.VocabSize)).Write(_path);
    }

    public void Dispose() => File.Delete(_path);

    private static async Task<(string Text, AnswerStats Stats)> CompleteAsync(LoadedModel model, string prompt)
    {
        var text = new System.Text.StringBuilder();
        AnswerStats? stats = null;
        var settings = new GenerationSettings { MaxTokens = 8 };
        await foreach (var piece in AnswerStream.GenerateAsync(model, model.Tokenize(prompt), settings))
        {
            text.Append(piece.Text);
            stats ??= piece.Stats;
        }

        return (text.ToString(), stats!);
    }

    [Fact]
    public async Task RandomQ4_0Model_LoadsAndGeneratesTheSameGibberishTwice()
    {
        await using var engine = EngineFactory.Create();
        var model = (await engine.AcquireAsync(new ModelLoadRequest("tiny-synthetic", "tiny synthetic", _path, 256))).Model;

        var first = await CompleteAsync(model, "Hello there");
        model.ResetCache();
        var second = await CompleteAsync(model, "Hello there");

        Assert.True(first.Stats.CompletionTokens > 0);
        Assert.True(first.Stats.PromptTokens > 1);
        Assert.Equal(first.Text, second.Text);
    }
}
