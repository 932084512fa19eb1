namespace ModelScale.ChatHost.Engine.Decoding;

/// <summary>
/// What one sequence of the decode loop cost: the one definition of each statistic that chat, serve, replay and bench
/// report (<see cref="AnswerStream"/> turns it into <see cref="AnswerStats"/>).
/// </summary>
/// <param name="PromptTokens">Tokens in its prompt.</param>
/// <param name="CompletionTokens">Tokens it emitted (an end-of-generation token is not one).</param>
/// <param name="TimeToFirstToken">From <see cref="DecodeLoop.Start"/> (the request reaching the model) to its first emitted token, waiting for a slot and the prompt included; to its end when it emitted none.</param>
/// <param name="DecodeSpan">From its first emitted token to its last.</param>
/// <param name="LongestGap">The longest wait between two of its tokens (a newcomer's prompt shows up here).</param>
/// <param name="FinishReason">Why it ended (<see cref="FinishReasons"/>).</param>
/// <param name="TokenTimestamps">When each token was emitted, in <see cref="TimeProvider"/> timestamps.</param>
public sealed record SequenceStats(
    int PromptTokens, int CompletionTokens, TimeSpan TimeToFirstToken, TimeSpan DecodeSpan, TimeSpan LongestGap, string FinishReason, IReadOnlyList<long> TokenTimestamps)
{
    /// <summary>Prompt tokens whose KV state its slot already held, so they were not evaluated again.</summary>
    public int CachedPromptTokens { get; init; }

    /// <summary>From getting a slot to the end of the step that evaluated its last prompt token (shared with the others' steps).</summary>
    public TimeSpan Prefill { get; init; }

    /// <summary>From <see cref="DecodeLoop.Start"/> to its end.</summary>
    public TimeSpan Total { get; init; }

    /// <summary>Its own tokens per second after the first: (tokens - 1) / <see cref="DecodeSpan"/>.</summary>
    public double DecodeTokensPerSecond => Rate(CompletionTokens - 1, DecodeSpan);

    /// <summary>Prompt tokens it evaluated (not the cached ones) per second of <see cref="Prefill"/>.</summary>
    public double PrefillTokensPerSecond => Rate(PromptTokens - CachedPromptTokens, Prefill);

    private static double Rate(int tokens, TimeSpan elapsed) => tokens <= 0 || elapsed <= TimeSpan.Zero ? 0 : tokens / elapsed.TotalSeconds;
}
