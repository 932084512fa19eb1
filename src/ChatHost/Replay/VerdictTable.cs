using System.Globalization;

namespace ModelScale.ChatHost.Replay;

/// <summary>One cell of the verdict table: its text, whether it is the best of its column, and whether it is a number.</summary>
public sealed record VerdictCell(string Text, bool Best = false, bool Numeric = true);

/// <summary>
/// The verdict table every report starts with: one row per tier, measured or planned, labelled by size and
/// quantization, with the score, decode speed (median and range over the passes, and the prediction), TTFT, memory
/// needed against free, whether it fits, and seconds per 1,000 answer tokens. The best value of each column is marked.
/// </summary>
public static class VerdictTable
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>What marks the best cell of a column in plain text and Markdown.</summary>
    public const string BestMark = " ★";

    public static readonly IReadOnlyList<string> Header =
    [
        "tier", "run", "judge score", "decode tok/s", "predicted tok/s", "TTFT", "memory needed / free", "fits", "s per 1,000 tokens",
    ];

    /// <summary>"1.1B Q4_0", with the id in brackets when the label does not say it: "1.1B Q4_0 (1b)".</summary>
    public static string Label(ProfileResult p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var size = ReportText.Parameters(p.ParameterCount);
        var parts = new[] { size == ReportText.None ? null : size, p.Quantization }.Where(s => !string.IsNullOrEmpty(s)).ToList();
        return parts.Count == 0 ? p.Id : $"{string.Join(' ', parts)} ({p.Id})";
    }

    /// <summary>"measured", "planned", "measured ×3", or the status line of a tier that neither ran nor has a plan.</summary>
    public static string Run(ProfileResult p)
    {
        ArgumentNullException.ThrowIfNull(p);
        if (p.Played)
        {
            var passes = p.Speed is { Passes: > 1 } s ? string.Create(Invariant, $" ×{s.Passes}") : "";
            return p.Status == ReplayStatus.Completed ? $"measured{passes}" : $"{p.StatusLine}{passes}";
        }

        return p.Planned ? $"planned ({p.Reason})" : p.StatusLine;
    }

    public static IReadOnlyList<IReadOnlyList<VerdictCell>> Rows(ReplayResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var tiers = result.Profiles;
        var best = new BestOf(tiers);
        return [.. tiers.Select(p => (IReadOnlyList<VerdictCell>)
        [
            new VerdictCell(Label(p), Numeric: false),
            new VerdictCell(Run(p), Numeric: false),
            new VerdictCell(Quality.QualityText.Score(p.MeanScore), best.Score.Contains(p)),
            new VerdictCell(Decode(p), best.Decode.Contains(p)),
            new VerdictCell(Predicted(p)),
            new VerdictCell(Ttft(p), best.Ttft.Contains(p)),
            new VerdictCell(Memory(p), best.Memory.Contains(p)),
            new VerdictCell(p.Plan is null ? ReportText.None : p.Plan.Fits ? "yes" : "no", Numeric: false),
            new VerdictCell(SecondsPerThousand(p), best.PerThousand.Contains(p)),
        ])];
    }

    /// <summary>Rows as plain text with the best cells marked, for Markdown and the terminal.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> TextRows(ReplayResult result) =>
        [.. Rows(result).Select(r => (IReadOnlyList<string>)[.. r.Select(c => c.Best && c.Text != ReportText.None ? c.Text + BestMark : c.Text)])];

    /// <summary>"12.3 (11.8–12.9)" over several passes, "12.3" over one; "-" for a tier that did not decode.</summary>
    public static string Decode(ProfileResult p)
    {
        ArgumentNullException.ThrowIfNull(p);
        if (p.Speed?.DecodeTokensPerSecond is { Count: > 1 } d)
        {
            return string.Create(Invariant, $"{d.Median:F1} ({d.Min:F1}–{d.Max:F1})");
        }

        return ReportText.Rate(p.DecodeTokensPerSecond);
    }

    public static string Predicted(ProfileResult p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return p.Prediction switch
        {
            null => ReportText.None,
            { TokensPerSecond: { } rate } => "≈ " + ReportText.Rate(rate),
            _ => "unknown",
        };
    }

    public static string Ttft(ProfileResult p)
    {
        ArgumentNullException.ThrowIfNull(p);
        if (p.Speed?.TimeToFirstTokenMs is { Count: > 1 } t)
        {
            return $"{ReportText.Duration(TimeSpan.FromMilliseconds(t.Median))} ({Range(t.Min, t.Max)})";
        }

        return ReportText.Duration(p.MeanTimeToFirstToken);
    }

    /// <summary>"1.2 GiB / 14.8 GiB": the plan's RAM + VRAM against the RAM + VRAM free when it was planned.</summary>
    public static string Memory(ProfileResult p)
    {
        ArgumentNullException.ThrowIfNull(p);
        if (Needed(p) is not { } needed)
        {
            return ReportText.None;
        }

        var free = p.Plan!.FreeRamBytes is { } ram ? ram + (p.Plan.FreeVramBytes ?? 0) : (long?)null;
        return free is { } f ? $"{ReportText.Size(needed)} / {ReportText.Size(f)}" : ReportText.Size(needed);
    }

    public static string SecondsPerThousand(ProfileResult p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return p.SecondsPerThousandTokens is { } s ? (p.Played ? "" : "≈ ") + s.ToString(s >= 100 ? "N0" : "0.0", Invariant) + " s" : ReportText.None;
    }

    /// <summary>The RAM and VRAM a tier's plan needs; null without a plan (a remote tier's is not ours).</summary>
    public static long? Needed(ProfileResult p) =>
        p?.Plan is { } plan && plan.PredictedRamBytes + plan.PredictedVramBytes > 0 ? plan.PredictedRamBytes + plan.PredictedVramBytes : null;

    private static string Range(double minMs, double maxMs) =>
        $"{ReportText.Duration(TimeSpan.FromMilliseconds(minMs))}–{ReportText.Duration(TimeSpan.FromMilliseconds(maxMs))}";

    /// <summary>The best tier of each column: highest score and decode speed, lowest TTFT, memory and time per 1,000 tokens; measured tiers only for speeds.</summary>
    private sealed class BestOf(IReadOnlyList<ProfileResult> tiers)
    {
        public IReadOnlyList<ProfileResult> Score { get; } = Pick(tiers.Where(p => p.MeanScore is not null), p => -Math.Round(p.MeanScore!.Value, 2));

        public IReadOnlyList<ProfileResult> Decode { get; } = Pick(tiers.Where(p => p.Played && p.DecodeTokensPerSecond is > 0), p => -p.DecodeTokensPerSecond!.Value);

        public IReadOnlyList<ProfileResult> Ttft { get; } = Pick(tiers.Where(p => p.Played && p.MeanTimeToFirstToken is not null), p => p.MeanTimeToFirstToken!.Value.TotalMilliseconds);

        public IReadOnlyList<ProfileResult> Memory { get; } = Pick(tiers.Where(p => Needed(p) is not null), p => Needed(p)!.Value);

        public IReadOnlyList<ProfileResult> PerThousand { get; } = Pick(tiers.Where(p => p.Played && p.SecondsPerThousandTokens is not null), p => p.SecondsPerThousandTokens!.Value);

        /// <summary>Those with the lowest key (all of them when tied); none when fewer than two compete (a lone value is not "best").</summary>
        private static IReadOnlyList<ProfileResult> Pick(IEnumerable<ProfileResult> candidates, Func<ProfileResult, double> key)
        {
            var list = candidates.ToList();
            if (list.Count < 2)
            {
                return [];
            }

            var lowest = list.Min(key);
            return [.. list.Where(p => key(p) == lowest)];
        }
    }
}
