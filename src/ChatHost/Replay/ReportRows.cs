namespace ModelScale.ChatHost.Replay;

/// <summary>
/// The rows every report shows, as plain text: the per-turn comparison (one column per tier) and the summary (one row
/// per tier). Markdown and HTML only differ in how they escape and frame them.
/// </summary>
public static class ReportRows
{
    public static readonly IReadOnlyList<string> SummaryHeader =
    [
        "tier", "status", "params", "size", "quant", "load", "GPU layers", "plan VRAM", "plan RAM", "peak RAM", "peak VRAM",
        "TTFT (mean)", "decode tok/s", "keywords", "chrF (mean)", "judge score (mean)",
    ];

    public static IReadOnlyList<string> Summary(ProfileResult p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return
        [
            p.Id,
            p.StatusLine,
            ReportText.Parameters(p.ParameterCount),
            ReportText.Size(p.FileSizeBytes),
            p.Quantization ?? ReportText.None,
            ReportText.Duration(p.LoadTime),
            ReportText.GpuLayers(p.Plan),
            p.Plan is null ? ReportText.None : ReportText.Size(p.Plan.PredictedVramBytes),
            p.Plan is null ? ReportText.None : ReportText.Size(p.Plan.PredictedRamBytes),
            ReportText.PeakRam(p.Memory),
            ReportText.PeakVram(p.Memory),
            ReportText.Duration(p.MeanTimeToFirstToken),
            ReportText.Rate(p.DecodeTokensPerSecond),
            ReportText.Keywords(p),
            Quality.QualityText.ChrF(p.MeanChrF),
            Quality.QualityText.Score(p.MeanScore),
        ];
    }

    /// <summary>The per-turn table's rows: a label, then one cell per tier (the answer cell is the full text).</summary>
    public static IReadOnlyList<(string Label, IReadOnlyList<string> Cells)> Turn(ReplayResult result, int turnIndex)
    {
        ArgumentNullException.ThrowIfNull(result);
        var turns = result.Profiles.Select(p => turnIndex < p.Turns.Count ? p.Turns[turnIndex] : null).ToList();
        string Cell(int i, Func<TurnResult, string> read) => turns[i] is { } t ? read(t) : ReportText.None;
        IReadOnlyList<string> Row(Func<TurnResult, string> read) => [.. result.Profiles.Select((_, i) => Cell(i, read))];

        IReadOnlyList<string> answers = [.. result.Profiles.Select((p, i) => turns[i] is { } t
            ? (t.Answer.Length == 0 ? "(empty answer)" : t.Answer)
            : p.Status == ReplayStatus.Completed ? ReportText.None : p.StatusLine)];
        return
        [
            ("answer", answers),
            ("keywords", Row(ReportText.Keywords)),
            ("chrF", Row(t => Quality.QualityText.ChrF(t.ChrF))),
            ("judge", Row(t => Quality.QualityText.Judgement(t.Judgement))),
            ("tokens (prompt / answer)", Row(ReportText.Tokens)),
            ("TTFT", Row(t => ReportText.Duration(t.TimeToFirstToken))),
            ("prefill tok/s", Row(t => ReportText.Rate(t.PrefillTokensPerSecond))),
            ("decode tok/s", Row(t => ReportText.Rate(t.DecodeTokensPerSecond))),
            ("finish", Row(t => t.TrimmedMessages > 0 ? $"{t.FinishReason} ({t.TrimmedMessages} old messages left out)" : t.FinishReason)),
        ];
    }

    /// <summary>"stories: 0/6 layers: no GPU, ..." for each tier that has a plan, with a fallback note.</summary>
    public static IEnumerable<(string Id, string Line)> Plans(ReplayResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        foreach (var p in result.Profiles)
        {
            if (p.Plan is { } plan)
            {
                var fallback = plan.FallbackSteps > 0 ? $" (loaded after {plan.FallbackSteps} fallback steps)" : "";
                yield return (p.Id, plan.Reason + fallback);
            }
            else if (p.Detail is { } detail)
            {
                yield return (p.Id, $"{p.StatusLine} ({detail})");
            }
        }
    }
}
