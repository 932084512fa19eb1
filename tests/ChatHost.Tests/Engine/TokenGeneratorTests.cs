using ModelScale.Tests.Shared;
using ModelScale.ChatHost.Engine;

namespace ModelScale.ChatHost.Tests.Engine;

public sealed class TokenGeneratorTests
{
    private static async Task<(string Text, AnswerStats Stats)> CompleteAsync(LoadedModel model, string prompt, GenerationSettings settings)
    {
        var text = new System.Text.StringBuilder();
        AnswerStats? stats = null;
        await foreach (var piece in new TokenGenerator(TimeProvider.System).GenerateAsync(model, model.Tokenize(prompt), settings))
        {
            text.Append(piece.Text);
            stats ??= piece.Stats;
        }

        return (text.ToString(), stats!);
    }

    [SharedModelsFact]
    public async Task Greedy_Stories260K_ContinuesOnceUponATimeWithLily_AndRepeatsExactly()
    {
        await using var engine = EngineFactory.Create();
        var model = (await engine.AcquireAsync(EngineFactory.TrainedStories())).Model;
        var settings = new GenerationSettings { Temperature = 0, MaxTokens = 60 };

        var first = await CompleteAsync(model, "Once upon a time", settings);
        model.ResetCache();
        var second = await CompleteAsync(model, "Once upon a time", settings);

        Assert.Contains("Lily", first.Text);
        Assert.Equal(first.Text, second.Text);
        Assert.Equal(60, first.Stats.CompletionTokens);
        Assert.Equal(FinishReasons.Length, first.Stats.FinishReason);
        Assert.True(first.Stats.DecodeTokensPerSecond > 0);
    }

    [Fact]
    public async Task Sampling_SameSeedGivesSameText_DifferentSeedUsuallyDiffers()
    {
        await using var engine = EngineFactory.Create();
        var model = (await engine.AcquireAsync(EngineFactory.Stories())).Model;

        var a = await CompleteAsync(model, "Once upon a time", new GenerationSettings { Temperature = 1.0f, Seed = 7, MaxTokens = 40 });
        var b = await CompleteAsync(model, "Once upon a time", new GenerationSettings { Temperature = 1.0f, Seed = 7, MaxTokens = 40 });
        var c = await CompleteAsync(model, "Once upon a time", new GenerationSettings { Temperature = 1.0f, Seed = 8, MaxTokens = 40 });

        Assert.Equal(a.Text, b.Text);
        Assert.NotEqual(a.Text, c.Text);
    }

    // Trained text: a random model's tokens do not come back as the same tokens when its text is tokenized again.
    [SharedModelsFact]
    public async Task SecondTurn_ReusesTheSharedKvPrefix()
    {
        await using var engine = EngineFactory.Create();
        var model = (await engine.AcquireAsync(EngineFactory.TrainedStories())).Model;
        var settings = new GenerationSettings { MaxTokens = 10 };

        var first = await CompleteAsync(model, "Once upon a time", settings);
        var second = await CompleteAsync(model, "Once upon a time" + first.Text + " The end.", settings);

        Assert.Equal(0, first.Stats.CachedPromptTokens);
        Assert.True(second.Stats.CachedPromptTokens >= first.Stats.PromptTokens, $"cached {second.Stats.CachedPromptTokens}");
    }

    [SharedModelsFact]
    public async Task StopSequence_EndsTheAnswerAndIsNotShown()
    {
        await using var engine = EngineFactory.Create();
        var model = (await engine.AcquireAsync(EngineFactory.TrainedStories())).Model;

        var result = await CompleteAsync(model, "Once upon a time", new GenerationSettings { MaxTokens = 60, StopSequences = ["Lily"] });

        Assert.DoesNotContain("Lily", result.Text);
        Assert.Equal(FinishReasons.Stop, result.Stats.FinishReason);
        Assert.True(result.Stats.CompletionTokens < 60);
    }

    [Fact]
    public async Task Cancellation_StopsTheAnswer_AndTheModelStaysUsable()
    {
        await using var engine = EngineFactory.Create();
        var model = (await engine.AcquireAsync(EngineFactory.Stories())).Model;
        using var cts = new CancellationTokenSource();
        var pieces = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var piece in new TokenGenerator(TimeProvider.System).GenerateAsync(model, model.Tokenize("Once upon a time"), new GenerationSettings(), cancellationToken: cts.Token))
            {
                if (++pieces == 5)
                {
                    await cts.CancelAsync();
                }
            }
        });

        var after = await CompleteAsync(model, "Once upon a time", new GenerationSettings { MaxTokens = 60 });
        model.ResetCache();
        var fresh = await CompleteAsync(model, "Once upon a time", new GenerationSettings { MaxTokens = 60 });
        Assert.Equal(fresh.Text, after.Text);
    }
}
