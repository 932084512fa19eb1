using LLama.Native;
using Microsoft.Extensions.Options;
using ModelScale.ChatHost.Engine;
using ModelScale.Profiles.Catalog;
using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Engine;

public sealed class BatchedDecoderTests
{
    private const int Tokens = 16;

    private static async Task<(ModelEngine Engine, LoadedModel Model)> LoadStoriesAsync(int parallel)
    {
        var engine = EngineFactory.Create();
        var options = Options.Create(new EngineOptions { Threads = 2, Parallel = parallel });
        var loader = new ProfileLoader(engine, new ModelLocator(Path.GetTempPath()), new ModelPlanner(new FixedMemoryInventory(), options), options);
        var profile = new ModelProfile { Id = "stories", DisplayName = "stories260K", Path = TestModels.Stories260K, ContextLength = 256 };
        return (engine, (await loader.LoadAsync(profile)).Model);
    }

    private static GenerationSettings Greedy(List<LLamaToken> sink, Action? onToken = null) => new()
    {
        MaxTokens = Tokens,
        IgnoreEndOfGeneration = true,
        OnToken = t =>
        {
            sink.Add(t);
            onToken?.Invoke();
        },
    };

    [Fact]
    public async Task TwoSequences_DecodedTogether_GiveTheGreedyTokensOfOneAlone()
    {
        var (engine, model) = await LoadStoriesAsync(parallel: 2);
        await using var _ = engine;
        var prompt = model.Tokenize("Once upon a time");
        var alone = new List<LLamaToken>();
        await foreach (var piece in new TokenGenerator(TimeProvider.System).GenerateAsync(model, prompt, Greedy(alone)))
        {
        }

        var first = new List<LLamaToken>();
        var second = new List<LLamaToken>();
        var decoder = new BatchedDecoder(model, 2, TimeProvider.System);
        var a = decoder.Start(prompt, Greedy(first));
        var b = decoder.Start(prompt, Greedy(second));
        await decoder.RunAsync();

        Assert.Equal(alone, first);
        Assert.Equal(alone, second);
        Assert.Equal(Tokens, (await a.Completion).CompletionTokens);
        Assert.Equal(FinishReasons.Length, (await b.Completion).FinishReason);
    }

    [Fact]
    public async Task LateJoiner_GetsItsFirstTokenWhileTheOtherIsStillStreaming()
    {
        var (engine, model) = await LoadStoriesAsync(parallel: 2);
        await using var _ = engine;
        var prompt = model.Tokenize("Once upon a time");
        var decoder = new BatchedDecoder(model, 2, TimeProvider.System) { PrefillChunk = 2 };
        BatchedSequence? late = null;
        var early = new List<LLamaToken>();
        var lateTokens = new List<LLamaToken>();
        var first = decoder.Start(prompt, Greedy(early, () =>
        {
            if (early.Count == 2)
            {
                late = decoder.Start(prompt, Greedy(lateTokens));
            }
        }));

        await decoder.RunAsync();
        var earlyStats = await first.Completion;
        var lateStats = await late!.Completion;

        Assert.Equal(Tokens, lateStats.CompletionTokens);
        Assert.True(lateStats.TokenTimestamps[0] < earlyStats.TokenTimestamps[^1], "the late sequence's first token came after the early one had finished");
        Assert.Equal(early, lateTokens);
    }

    [Fact]
    public async Task MoreSequencesThanTheContextHolds_IsRefused()
    {
        var (engine, model) = await LoadStoriesAsync(parallel: 1);
        await using var _ = engine;

        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchedDecoder(model, 2, TimeProvider.System));
    }
}
