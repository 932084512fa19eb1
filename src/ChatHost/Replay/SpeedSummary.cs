using ModelScale.ChatHost.Bench;

namespace ModelScale.ChatHost.Replay;

/// <summary>
/// A tier's speed over its measured passes (after the warm-up that is not measured): the median and the range of the
/// decode speed and of the mean time to first token, one value per pass.
/// </summary>
/// <param name="DecodeTokensPerSecond">Decode tok/s per pass; null when no pass decoded more than one token.</param>
/// <param name="TimeToFirstTokenMs">Mean TTFT per pass, in milliseconds.</param>
/// <param name="Passes">Measured passes over the whole conversation.</param>
/// <param name="WarmedUp">Whether a warm-up answer ran before the measured passes.</param>
public sealed record SpeedSummary(Distribution? DecodeTokensPerSecond, Distribution? TimeToFirstTokenMs, int Passes, bool WarmedUp)
{
    /// <summary>Summarises the passes; each is the list of that pass's answers.</summary>
    public static SpeedSummary Of(IReadOnlyList<IReadOnlyList<TurnResult>> passes, bool warmedUp)
    {
        ArgumentNullException.ThrowIfNull(passes);
        var decode = passes.Select(Decode).Where(d => d is not null).Select(d => d!.Value).ToList();
        var ttft = passes.Where(p => p.Count > 0).Select(p => p.Average(t => t.TimeToFirstToken.TotalMilliseconds)).ToList();
        return new SpeedSummary(
            decode.Count == 0 ? null : Distribution.Of(decode),
            ttft.Count == 0 ? null : Distribution.Of(ttft),
            passes.Count,
            warmedUp);
    }

    /// <summary>One pass's decode speed: the tokens after each answer's first, over the time they took.</summary>
    public static double? Decode(IReadOnlyList<TurnResult> turns)
    {
        ArgumentNullException.ThrowIfNull(turns);
        var timed = turns.Where(t => t.DecodeTokensPerSecond > 0 && t.CompletionTokens > 1).ToList();
        var seconds = timed.Sum(t => (t.CompletionTokens - 1) / t.DecodeTokensPerSecond);
        return seconds > 0 ? timed.Sum(t => t.CompletionTokens - 1) / seconds : null;
    }
}
