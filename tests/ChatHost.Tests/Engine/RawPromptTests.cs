using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine;
using ModelScale.Profiles.Errors;
using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Engine;

/// <summary>A raw prompt (legacy completions) goes through the chat client without the chat template.</summary>
public sealed class RawPromptTests
{
    private static ChatOptions Raw(int maxTokens) => new()
    {
        Temperature = 0,
        MaxOutputTokens = maxTokens,
        AdditionalProperties = new() { [RawPrompt.OptionKey] = true },
    };

    [SharedModelsFact]
    public async Task TrainedStories_RawPrompt_ContinuesTheStoryAsTrained()
    {
        await using var engine = EngineFactory.Create();
        using var lease = await engine.LeaseAsync(EngineFactory.TrainedStories());

        var answer = await lease.Client.GetResponseAsync([new ChatMessage(ChatRole.User, "Once upon a time")], Raw(24));

        // Raw, greedy: ", there was a little girl named Lily." (../shared/LLAMASHARP-NOTES.md); through ChatML it tells another story.
        Assert.StartsWith(", there was a little girl named Lily", answer.Text, StringComparison.Ordinal);
        Assert.Equal("Once upon a time", lease.Client.Model.LastPrompt);
    }

    [Fact]
    public async Task RawPrompt_IsTheTextAlone_AndATooLongOneIsRefused()
    {
        await using var engine = EngineFactory.Create();
        using var lease = await engine.LeaseAsync(EngineFactory.Stories(context: 64));

        var answer = await lease.Client.GetResponseAsync([new ChatMessage(ChatRole.User, "abc")], Raw(4));
        Assert.Equal("abc", lease.Client.Model.LastPrompt);
        Assert.Equal(4, AnswerStats.From(answer)!.CompletionTokens);

        var error = await Assert.ThrowsAsync<ModelScaleException>(() => lease.Client.GetResponseAsync([new ChatMessage(ChatRole.User, new string('x', 400))], Raw(4)));
        Assert.Equal(("context_length_exceeded", "prompt"), (error.Code, error.Target));
    }
}
