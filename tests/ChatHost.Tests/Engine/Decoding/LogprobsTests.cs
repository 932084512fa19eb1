using System.Text;
using Microsoft.Extensions.Options;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Engine.Decoding;
using ModelScale.ChatHost.Engine.Decoding.Grammar;
using ModelScale.Profiles.Catalog;
using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Engine.Decoding;

/// <summary>
/// Per-token log probabilities from the decode loop, on the tests' own random model: computed after the samplers, they
/// never change which tokens are picked, and they obey the invariants of a probability distribution.
/// </summary>
public sealed class LogprobsTests : IAsyncLifetime
{
    private const string Prompt = "Once upon a time";
    private ModelEngine? _engine;
    private LoadedModel? _model;

    private LoadedModel Model => _model!;

    public async Task InitializeAsync()
    {
        _engine = EngineFactory.Create();
        var options = Options.Create(new EngineOptions { Threads = 1 });
        var loader = new ProfileLoader(_engine, new ModelLocator(Path.GetTempPath()), new ModelPlanner(new FixedMemoryInventory(), options), options);
        var profile = new ModelProfile { Id = "stories", DisplayName = "own tiny", Path = OwnModels.Tiny, ContextLength = 256 };
        _model = (await loader.LoadAsync(profile)).Model;
    }

    public async Task DisposeAsync()
    {
        if (_engine is not null)
        {
            await _engine.DisposeAsync();
        }
    }

    private async Task<(string Text, List<TokenLogprob> Logprobs, AnswerStats Stats)> GenerateAsync(GenerationSettings settings)
    {
        var text = new StringBuilder();
        var logprobs = new List<TokenLogprob>();
        AnswerStats? stats = null;
        await foreach (var piece in AnswerStream.GenerateAsync(Model, Model.Tokenize(Prompt), settings))
        {
            text.Append(piece.Text);
            logprobs.AddRange(piece.Logprobs ?? []);
            stats ??= piece.Stats;
        }

        return (text.ToString(), logprobs, stats!);
    }

    private static void AssertDistribution(TokenLogprob token, int alternatives)
    {
        Assert.True(token.Logprob <= 0, $"logprob {token.Logprob} of '{token.Token}'");
        Assert.InRange(token.Top.Count, 1, alternatives);
        for (var i = 1; i < token.Top.Count; i++)
        {
            Assert.True(token.Top[i - 1].Logprob >= token.Top[i].Logprob, $"top_logprobs out of order at {i}");
        }

        Assert.All(token.Top, t => Assert.True(t.Logprob <= 0));
        Assert.True(token.Top.Sum(t => Math.Exp(t.Logprob)) <= 1 + 1e-4);
        Assert.Equal(token.Top.Select(t => t.Id).Distinct().Count(), token.Top.Count);
        if (token.Top.FirstOrDefault(t => t.Id == token.Id) is { } self)
        {
            Assert.Equal(token.Logprob, self.Logprob);
            Assert.Equal(token.Bytes, self.Bytes);
            Assert.Equal(token.Token, self.Token);
        }
        else
        {
            Assert.True(token.Logprob <= token.Top[^1].Logprob, "a token outside the top list is at most as likely as its last entry");
        }
    }

    [Fact]
    public async Task Greedy_EachTokenIsTheTopOne_AndTheAnswerIsTheSameAsWithoutLogprobs()
    {
        var plain = await GenerateAsync(new GenerationSettings { MaxTokens = 24, IgnoreEndOfGeneration = true });
        var probed = await GenerateAsync(new GenerationSettings { MaxTokens = 24, IgnoreEndOfGeneration = true, Logprobs = 5 });

        Assert.Equal(plain.Text, probed.Text);
        Assert.Empty(plain.Logprobs);
        Assert.Equal(24, probed.Logprobs.Count);
        Assert.All(probed.Logprobs, t =>
        {
            AssertDistribution(t, 5);
            Assert.Equal(5, t.Top.Count);
            Assert.Equal(t.Id, t.Top[0].Id);
        });

        // The tokens' own bytes are the answer's bytes.
        Assert.Equal(Encoding.UTF8.GetBytes(probed.Text), probed.Logprobs.SelectMany(t => t.Bytes).ToArray());
    }

    [Fact]
    public async Task Sampled_SameSeed_PicksTheSameTokensWithLogprobs_AndEachIsInItsDistribution()
    {
        var sampling = new SamplingSettings { Temperature = 0.9f, Seed = 11 };
        var plain = await GenerateAsync(new GenerationSettings { Sampling = sampling, MaxTokens = 24, IgnoreEndOfGeneration = true });
        var probed = await GenerateAsync(new GenerationSettings { Sampling = sampling, MaxTokens = 24, IgnoreEndOfGeneration = true, Logprobs = 20 });

        Assert.Equal(plain.Text, probed.Text);
        Assert.Equal(24, probed.Logprobs.Count);
        Assert.All(probed.Logprobs, t => AssertDistribution(t, 20));
    }

    [Fact]
    public async Task TemperatureOne_WhereLlamaCppLeavesTheLogitsAsTheyAre_PicksTheSameTokensWithLogprobs()
    {
        // At exactly 1 llama.cpp's chain holds a do-nothing "?temp" stage instead of "temp": still temperature and the draw.
        var sampling = new SamplingSettings { Temperature = 1, Seed = 2 };
        var plain = await GenerateAsync(new GenerationSettings { Sampling = sampling, MaxTokens = 12, IgnoreEndOfGeneration = true });
        var probed = await GenerateAsync(new GenerationSettings { Sampling = sampling, MaxTokens = 12, IgnoreEndOfGeneration = true, Logprobs = 2 });

        Assert.Equal(plain.Text, probed.Text);
        Assert.Equal(12, probed.Logprobs.Count);
        Assert.All(probed.Logprobs, t => AssertDistribution(t, 2));
    }

    [Fact]
    public async Task TopK_TheDistributionAfterTheSamplersHoldsOnlyTheSurvivors_AndSumsToOne()
    {
        // Top-k 3 leaves three candidates: the reported distribution is theirs, so listing 20 lists those three, which sum to 1.
        var sampling = new SamplingSettings { Temperature = 1.3f, Seed = 5, TopK = 3, TopP = 1, MinP = 0 };
        var probed = await GenerateAsync(new GenerationSettings { Sampling = sampling, MaxTokens = 16, IgnoreEndOfGeneration = true, Logprobs = 20 });

        Assert.Equal(16, probed.Logprobs.Count);
        Assert.All(probed.Logprobs, t =>
        {
            AssertDistribution(t, 20);
            Assert.Equal(3, t.Top.Count);
            Assert.Contains(t.Top, a => a.Id == t.Id);
            Assert.Equal(1, t.Top.Sum(a => Math.Exp(a.Logprob)), 3);
        });
    }

    [Fact]
    public async Task Grammar_PicksTheSameTokensWithLogprobs()
    {
        var sampling = new SamplingSettings { Temperature = 0.8f, Seed = 3, Grammar = new GbnfGrammar("root ::= [a-z]{3,12} \".\"") };
        var plain = await GenerateAsync(new GenerationSettings { Sampling = sampling, MaxTokens = 20 });
        var probed = await GenerateAsync(new GenerationSettings { Sampling = sampling, MaxTokens = 20, Logprobs = 3 });

        Assert.Matches("^[a-z]{3,12}\\.$", probed.Text);
        Assert.Equal(plain.Text, probed.Text);
        Assert.Equal(Encoding.UTF8.GetBytes(probed.Text), probed.Logprobs.SelectMany(t => t.Bytes).ToArray());
        Assert.All(probed.Logprobs, t => Assert.True(t.Logprob <= 0));
    }

    [Fact]
    public async Task StopSequence_TheTokensItCutAreNotDescribed()
    {
        var whole = await GenerateAsync(new GenerationSettings { MaxTokens = 40, IgnoreEndOfGeneration = true, Logprobs = 0 });
        var stop = whole.Text.Substring(whole.Text.Length / 2, 2);
        var cut = await GenerateAsync(new GenerationSettings { MaxTokens = 40, IgnoreEndOfGeneration = true, Logprobs = 0, StopSequences = [stop] });

        Assert.Equal(whole.Text[..whole.Text.IndexOf(stop, StringComparison.Ordinal)], cut.Text);
        Assert.All(cut.Logprobs, t => Assert.Empty(t.Top));

        // Every token described starts inside the text shown, and together they cover it.
        var shown = Encoding.UTF8.GetBytes(cut.Text);
        var described = cut.Logprobs.SelectMany(t => t.Bytes).ToArray();
        Assert.True(described.AsSpan().StartsWith(shown), "the tokens cover the shown text");
        Assert.True(cut.Logprobs.SkipLast(1).Sum(t => t.Bytes.Length) < Math.Max(1, shown.Length), "no token starts after the shown text");
    }
}
