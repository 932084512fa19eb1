using LLama;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Engine.Decoding;
using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Engine;

/// <summary>The tests' own model (<see cref="OwnModels.Tiny"/>), loaded once for the class: what every other test relies on.</summary>
public sealed class OwnModelFixture : IAsyncLifetime
{
    public ModelEngine Engine { get; } = EngineFactory.Create();

    public LoadedModel Model { get; private set; } = null!;

    public async Task InitializeAsync() => Model = (await Engine.AcquireAsync(EngineFactory.Stories(context: 256))).Model;

    public async Task DisposeAsync() => await Engine.DisposeAsync();
}

/// <summary>Our own byte-level vocabulary under llama.cpp: any text goes in and comes back, and greedy answers repeat.</summary>
public sealed class OwnModelTests(OwnModelFixture fixture) : IClassFixture<OwnModelFixture>
{
    [Theory]
    [InlineData("Hello, world! Once upon a time.")]
    [InlineData("naïve café: 3 × 4 = 12 \U0001F600\n\ttabs")]
    public void Tokenize_AnyText_ComesBackTheSame(string text)
    {
        var tokens = fixture.Model.Tokenize(text);
        var decoder = new StreamingTokenDecoder(fixture.Model.Context);
        decoder.AddRange(tokens);

        Assert.True(tokens.Length > 1);
        Assert.Equal(text, decoder.Read().TrimStart());
    }

    [Fact]
    public void Tokenize_ChatMarkers_AreSingleControlTokens()
    {
        var tokens = fixture.Model.Tokenize("<|im_start|>user\nHi<|im_end|>");

        Assert.Equal(1, (int)tokens[0]); // BOS
        Assert.Equal(3, (int)tokens[1]); // <|im_start|>
        Assert.Equal(4, (int)tokens[^1]); // <|im_end|>
    }

    [Fact]
    public async Task Greedy_SamePrompt_GivesTheSameTokensTwice()
    {
        var first = await CompleteAsync("Once upon a time");
        fixture.Model.ResetCache();
        var second = await CompleteAsync("Once upon a time");

        Assert.Equal(8, first.Stats.CompletionTokens);
        Assert.Equal(first.Text, second.Text);
    }

    private async Task<(string Text, AnswerStats Stats)> CompleteAsync(string prompt)
    {
        var text = new System.Text.StringBuilder();
        AnswerStats? stats = null;
        var settings = new GenerationSettings { MaxTokens = 8 };
        await foreach (var piece in AnswerStream.GenerateAsync(fixture.Model, fixture.Model.Tokenize(prompt), settings))
        {
            text.Append(piece.Text);
            stats ??= piece.Stats;
        }

        return (text.ToString(), stats!);
    }
}
