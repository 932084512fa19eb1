namespace ModelScale.ChatHost.Engine;

/// <summary>What one batched sequence cost.</summary>
/// <param name="PromptTokens">Tokens in its prompt.</param>
/// <param name="CompletionTokens">Tokens it generated.</param>
/// <param name="TimeToFirstToken">From <see cref="BatchedDecoder.Start"/> to its first token, its prompt and waiting included.</param>
/// <param name="DecodeSpan">From its first token to its last.</param>
/// <param name="LongestGap">The longest wait between two of its tokens (a newcomer's prompt shows up here).</param>
/// <param name="FinishReason">Why it ended (<see cref="FinishReasons"/>).</param>
/// <param name="TokenTimestamps">When each token was sampled, in <see cref="TimeProvider"/> timestamps.</param>
public sealed record BatchedSequenceStats(
    int PromptTokens, int CompletionTokens, TimeSpan TimeToFirstToken, TimeSpan DecodeSpan, TimeSpan LongestGap, string FinishReason, IReadOnlyList<long> TokenTimestamps)
{
    /// <summary>Prompt tokens whose KV state its slot already held, so they were not evaluated again.</summary>
    public int CachedPromptTokens { get; init; }

    /// <summary>From getting a slot to its first token: its prompt's evaluation, shared with the others' steps.</summary>
    public TimeSpan Prefill { get; init; }

    /// <summary>From <see cref="BatchedDecoder.Start"/> to its end.</summary>
    public TimeSpan Total { get; init; }

    /// <summary>Its own tokens per second after the first.</summary>
    public double TokensPerSecond => CompletionTokens <= 1 || DecodeSpan <= TimeSpan.Zero ? 0 : (CompletionTokens - 1) / DecodeSpan.TotalSeconds;

    /// <summary>Prompt tokens it evaluated (not the cached ones) per second of <see cref="Prefill"/>.</summary>
    public double PrefillTokensPerSecond
    {
        get
        {
            var evaluated = PromptTokens - CachedPromptTokens;
            return evaluated <= 0 || Prefill <= TimeSpan.Zero ? 0 : evaluated / Prefill.TotalSeconds;
        }
    }
}
