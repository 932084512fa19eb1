using ModelScale.ChatHost.Engine;

namespace ModelScale.ChatHost.Replay;

/// <summary>One answer of one profile: the text, what it cost, and which expected keywords it contains.</summary>
public sealed record TurnResult
{
    /// <summary>The turn's number, from 1.</summary>
    public required int Turn { get; init; }

    public required string Answer { get; init; }

    public required int PromptTokens { get; init; }

    /// <summary>Prompt tokens reused from the KV cache of the previous turn.</summary>
    public required int CachedPromptTokens { get; init; }

    public required int CompletionTokens { get; init; }

    public required TimeSpan TimeToFirstToken { get; init; }

    public required TimeSpan Total { get; init; }

    public required double PrefillTokensPerSecond { get; init; }

    public required double DecodeTokensPerSecond { get; init; }

    /// <summary>stop, length or cancelled.</summary>
    public required string FinishReason { get; init; }

    /// <summary>Older messages left out of the prompt because the context was full.</summary>
    public int TrimmedMessages { get; init; }

    /// <summary>The turn's expected keywords.</summary>
    public IReadOnlyList<string> Expected { get; init; } = [];

    /// <summary>The expected keywords the answer contains (ignoring case), in the order they were expected.</summary>
    public IReadOnlyList<string> KeywordsFound { get; init; } = [];

    /// <summary>chrF (0-100) of the answer against the turn's reference answer; null when the turn has none.</summary>
    public double? ChrF { get; init; }

    /// <summary>The judge's score of this answer; null when no judge ran.</summary>
    public Quality.Judgement? Judgement { get; init; }

    public static TurnResult From(int turn, string answer, AnswerStats stats, IReadOnlyList<string>? expected, string? reference = null)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(stats);
        var keywords = expected ?? [];
        return new TurnResult
        {
            Turn = turn,
            Answer = answer,
            PromptTokens = stats.PromptTokens,
            CachedPromptTokens = stats.CachedPromptTokens,
            CompletionTokens = stats.CompletionTokens,
            TimeToFirstToken = stats.TimeToFirstToken,
            Total = stats.Total,
            PrefillTokensPerSecond = stats.PrefillTokensPerSecond,
            DecodeTokensPerSecond = stats.DecodeTokensPerSecond,
            FinishReason = stats.FinishReason,
            TrimmedMessages = stats.TrimmedMessages,
            Expected = keywords,
            KeywordsFound = Keywords.Found(answer, keywords),
            ChrF = reference is null ? null : Quality.ChrF.Score(answer, reference),
        };
    }
}
