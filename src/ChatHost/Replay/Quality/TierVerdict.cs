using System.Globalization;

namespace ModelScale.ChatHost.Replay.Quality;

/// <summary>
/// Which tier is enough: the smallest tier whose mean judge score is within <see cref="Margin"/> of the best, and what
/// it saves against the best (memory, time per answer).
/// </summary>
public sealed record TierVerdict
{
    public const double DefaultMargin = 1.0;

    /// <summary>The tier recommended: the smallest within the margin of the best.</summary>
    public required string Recommended { get; init; }

    public required double RecommendedScore { get; init; }

    /// <summary>The tier with the best mean score (the largest of those tied).</summary>
    public required string Best { get; init; }

    public required double BestScore { get; init; }

    public required double Margin { get; init; }

    /// <summary>How many times faster the recommended tier answers than the best (mean time per answer); null when unknown.</summary>
    public double? SpeedRatio { get; init; }

    /// <summary>The recommended tier's memory as a share of the best's (0-1); null when unknown.</summary>
    public double? MemoryShare { get; init; }

    /// <summary>The judge that scored the answers.</summary>
    public required string Judge { get; init; }

    /// <summary>"7b is within 0.5 points of 70b at 4.0x the speed and 26% of the memory".</summary>
    public required string Sentence { get; init; }

    /// <summary>The verdict over the judged tiers of <paramref name="result"/>; null when no tier was judged.</summary>
    public static TierVerdict? From(ReplayResult result, double margin = DefaultMargin)
    {
        ArgumentNullException.ThrowIfNull(result);
        var judged = result.Profiles.Where(p => p.MeanScore is not null).ToList();
        if (judged.Count == 0 || result.Judge is null)
        {
            return null;
        }

        // Scores compared as shown (two decimals), so that a verdict never hangs on a rounding error.
        static double Score(ProfileResult p) => Math.Round(p.MeanScore!.Value, 2);
        var bestScore = judged.Max(Score);
        var best = judged.Where(p => Score(p) == bestScore).OrderByDescending(Size).First();
        var recommended = judged.Where(p => Score(p) >= bestScore - margin).OrderBy(Size).First();

        double? speed = MeanAnswerSeconds(best) is { } b && MeanAnswerSeconds(recommended) is { } r && r > 0 ? b / r : null;
        double? memory = Memory(recommended) is { } m && Memory(best) is { } bm && bm > 0 ? (double)m / bm : null;
        var verdict = new TierVerdict
        {
            Recommended = recommended.Id,
            RecommendedScore = Score(recommended),
            Best = best.Id,
            BestScore = bestScore,
            Margin = margin,
            SpeedRatio = speed,
            MemoryShare = memory,
            Judge = result.Judge,
            Sentence = "",
        };
        return verdict with { Sentence = Describe(verdict, judged.Count) };
    }

    private static string Describe(TierVerdict v, int judged)
    {
        var c = CultureInfo.InvariantCulture;
        if (v.Recommended == v.Best)
        {
            return judged == 1
                ? string.Create(c, $"{v.Best} is the only tier judged: {v.BestScore:0.0#} of 10.")
                : string.Create(c, $"{v.Best} scored best ({v.BestScore:0.0#} of 10) and no smaller tier came within {v.Margin:0.0#} point{(v.Margin == 1 ? "" : "s")} of it.");
        }

        var gap = v.BestScore - v.RecommendedScore;
        var savings = new List<string>();
        if (v.SpeedRatio is { } speed)
        {
            savings.Add(string.Create(c, $"{speed:0.0}x the speed"));
        }

        if (v.MemoryShare is { } memory)
        {
            savings.Add(string.Create(c, $"{memory * 100:0}% of the memory"));
        }

        var within = gap <= 0 ? "scores as well as" : string.Create(c, $"is within {gap:0.0#} point{(gap == 1 ? "" : "s")} of");
        return savings.Count == 0
            ? $"{v.Recommended} {within} {v.Best}."
            : $"{v.Recommended} {within} {v.Best} at {string.Join(" and ", savings)}.";
    }

    /// <summary>Smaller first: parameters, else the file, else the memory it took; unknown sizes last.</summary>
    private static (long, long, long) Size(ProfileResult p) =>
        (p.ParameterCount ?? long.MaxValue, p.FileSizeBytes ?? long.MaxValue, Memory(p) ?? long.MaxValue);

    /// <summary>Memory the tier needs: its plan's RAM and VRAM, else what it added to the process while it played.</summary>
    private static long? Memory(ProfileResult p) =>
        p.Plan is { } plan && plan.PredictedRamBytes + plan.PredictedVramBytes > 0 ? plan.PredictedRamBytes + plan.PredictedVramBytes
        : p.Memory is { } m && m.PeakRssBytes > m.BaselineRssBytes ? m.PeakRssBytes - m.BaselineRssBytes
        : null;

    private static double? MeanAnswerSeconds(ProfileResult p) =>
        p.Turns.Count == 0 ? null : p.Turns.Average(t => t.Total.TotalSeconds);
}
