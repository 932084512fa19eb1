using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine;
using ModelScale.Profiles.Errors;

namespace ModelScale.ChatHost.Tests.Engine;

/// <summary>
/// A model's embeddings context: made at the first request only, kept for the next ones (which then give the same
/// vectors), separate from the chat context, and gone with the model.
/// </summary>
public sealed class ModelEmbeddingsTests
{
    private static ChatOptions Greedy => new() { Temperature = 0, MaxOutputTokens = 8 };

    [Fact]
    public async Task TheContextIsMadeOnce_Reused_AndEachInputIsEmbeddedOnItsOwn()
    {
        await using var engine = EngineFactory.Create();
        using var lease = await engine.LeaseAsync(EngineFactory.Stories(context: 256));
        var embeddings = lease.Client.Model.Embeddings;
        Assert.False(embeddings.IsCreated);

        var (pair, tokens) = await embeddings.EmbedAsync(["Once upon a time", "The dog ran"], CancellationToken.None);
        Assert.True(embeddings.IsCreated);
        Assert.Equal(2, pair.Count);
        Assert.All(pair, v => Assert.Equal(1, Math.Sqrt(v.Sum(x => (double)x * x)), 4));
        Assert.NotEqual(pair[0], pair[1]);
        Assert.Equal(
            lease.Client.Model.Weights.Tokenize("Once upon a time", true, false, System.Text.Encoding.UTF8).Length
            + lease.Client.Model.Weights.Tokenize("The dog ran", true, false, System.Text.Encoding.UTF8).Length,
            tokens);

        // The same context again, cleared between inputs: alone or after another, an input gets the same vector.
        var (alone, _) = await embeddings.EmbedAsync(["The dog ran"], CancellationToken.None);
        Assert.Equal(pair[1], alone[0]);
    }

    [Fact]
    public async Task Embeddings_LeaveTheChatContextAlone()
    {
        await using var engine = EngineFactory.Create();
        using var lease = await engine.LeaseAsync(EngineFactory.Stories(context: 256));
        List<ChatMessage> question = [new(ChatRole.User, "Once upon a time")];

        var before = await lease.Client.GetResponseAsync(question, Greedy);
        Assert.False(lease.Client.Model.Embeddings.IsCreated);
        await lease.Client.Model.Embeddings.EmbedAsync(["Something else entirely"], CancellationToken.None);
        var after = await lease.Client.GetResponseAsync(question, Greedy);

        Assert.Equal(before.Text, after.Text);
    }

    [Fact]
    public async Task ATooLongInput_IsRefusedBeforeAnythingIsComputed()
    {
        await using var engine = EngineFactory.Create();
        using var lease = await engine.LeaseAsync(EngineFactory.Stories(context: 64));
        var embeddings = lease.Client.Model.Embeddings;

        var error = await Assert.ThrowsAsync<ModelScaleException>(() => embeddings.EmbedAsync(["short", new string('x', 300)], CancellationToken.None));

        Assert.Equal(ErrorKind.BadInput, error.Kind);
        Assert.Contains("Input 1", error.Message, StringComparison.Ordinal);
        Assert.False(embeddings.IsCreated);
    }

    [Fact]
    public async Task ATooLongInput_IsCutToTheWindow_WhenAskedTo_AndGivesTheVectorOfWhatFits()
    {
        await using var engine = EngineFactory.Create();
        using var lease = await engine.LeaseAsync(EngineFactory.Stories(context: 64));
        var embeddings = lease.Client.Model.Embeddings;
        var weights = lease.Client.Model.Weights;
        var window = embeddings.ContextSize;
        var tooLong = new string('x', window + 200);
        var fits = new string('x', window - 1);
        // The tests' byte-level vocabulary gives one token per 'x' after BOS, so the cut input is exactly `fits`.
        Assert.Equal(weights.Tokenize(tooLong, true, false, System.Text.Encoding.UTF8)[..window], weights.Tokenize(fits, true, false, System.Text.Encoding.UTF8));

        var (cut, cutTokens) = await embeddings.EmbedAsync([tooLong], truncate: true, CancellationToken.None);
        var (whole, wholeTokens) = await embeddings.EmbedAsync([fits], CancellationToken.None);

        Assert.Equal((window, window), (cutTokens, wholeTokens));
        Assert.Equal(whole[0], cut[0]);
    }

    [Fact]
    public async Task TheContextGoesWithTheModel()
    {
        var engine = EngineFactory.Create();
        ModelEmbeddings embeddings;
        using (var lease = await engine.LeaseAsync(EngineFactory.Stories(context: 128)))
        {
            embeddings = lease.Client.Model.Embeddings;
            await embeddings.EmbedAsync(["hello"], CancellationToken.None);
            Assert.True(embeddings.IsCreated);
        }

        await engine.DisposeAsync();
        Assert.False(embeddings.IsCreated);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => embeddings.EmbedAsync(["hello"], CancellationToken.None));
    }
}
