using LLama.Native;
using ModelScale.ChatHost.Bench;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Engine.Decoding;
using ModelScale.ChatHost.Tests.Engine;

namespace ModelScale.ChatHost.Tests.Bench;

public sealed class BenchPromptTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(17)]
    [InlineData(512)]
    public async Task Build_OnTinyRandom_GivesExactlyTheAskedTokens_StartingWithBos(int count)
    {
        await using var engine = EngineFactory.Create();
        var model = (await engine.AcquireAsync(EngineFactory.Tiny(context: 1024))).Model;

        var prompt = BenchPrompt.Build(model, count);

        Assert.Equal(count, prompt.Length);
        Assert.Equal(model.Tokenize(string.Empty)[0], prompt[0]);
        var body = model.Tokenize(BenchPrompt.SeedText)[1..];
        Assert.Equal(body.Take(count - 1), prompt.Skip(1).Take(body.Length));
    }

    [Fact]
    public void Tile_RepeatsTheBodyAfterBos_AndCutsAtTheCount()
    {
        LLamaToken[] body = [(LLamaToken)5, (LLamaToken)6, (LLamaToken)7];

        var tokens = BenchPrompt.Tile((LLamaToken)1, body, 6);

        Assert.Equal([1, 5, 6, 7, 5, 6], tokens.Select(t => (int)t));
    }

    [Fact]
    public void Tile_WithoutBos_StartsWithTheBody()
    {
        var tokens = BenchPrompt.Tile(null, [(LLamaToken)5, (LLamaToken)6], 3);

        Assert.Equal([5, 6, 5], tokens.Select(t => (int)t));
    }

    [Fact]
    public void Checksum_IsFnv1a64OverLittleEndianIds_AndTellsPromptsApart()
    {
        // FNV-1a 64 of no bytes is its offset basis.
        Assert.Equal("fnv1a64:cbf29ce484222325", BenchPrompt.Checksum([]));
        Assert.Equal(BenchPrompt.Checksum([1, 2, 3]), BenchPrompt.Checksum([1, 2, 3]));
        Assert.NotEqual(BenchPrompt.Checksum([1, 2, 3]), BenchPrompt.Checksum([1, 3, 2]));
    }

    [Fact]
    public async Task IgnoreEndOfGeneration_GeneratesExactlyMaxTokens_AndReportsEachToken()
    {
        await using var engine = EngineFactory.Create();
        var client = await engine.AcquireAsync(EngineFactory.Tiny(context: 512));
        var prompt = BenchPrompt.Build(client.Model, 32);
        var seen = new List<LLamaToken>();

        AnswerStats? stats = null;
        var settings = new GenerationSettings { MaxTokens = 40, IgnoreEndOfGeneration = true, OnToken = seen.Add };
        await foreach (var piece in client.GenerateAsync(prompt, settings))
        {
            stats = piece.Stats ?? stats;
        }

        Assert.Equal(40, stats!.CompletionTokens);
        Assert.Equal(32, stats.PromptTokens);
        Assert.Equal(40, seen.Count);
    }
}
