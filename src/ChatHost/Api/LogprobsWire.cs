using ModelScale.ChatHost.Contracts;
using ModelScale.ChatHost.Engine.Decoding;

namespace ModelScale.ChatHost.Api;

/// <summary>The engine's <see cref="TokenLogprob"/>s in OpenAI's wire shapes.</summary>
public static class LogprobsWire
{
    /// <summary>A chat choice's logprobs: null when none were asked for, an empty content when the answer has no tokens.</summary>
    public static ChatCompletionLogprobs? Chat(IReadOnlyList<TokenLogprob>? tokens, bool requested) =>
        requested || tokens is not null
            ? new ChatCompletionLogprobs([.. (tokens ?? []).Select(t => new ChatTokenLogprob(
                t.Token,
                t.Logprob,
                Ints(t.Bytes),
                [.. t.Top.Select(a => new ChatTopLogprob(a.Token, a.Logprob, Ints(a.Bytes)))]))])
            : null;

    private static int[] Ints(byte[] bytes) => [.. bytes.Select(b => (int)b)];
}
