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

    /// <summary>The tiers that the per-turn tables show: those that started (a skipped or planned tier has no answers).</summary>
    public static IReadOnlyList<ProfileResult> Answering(ReplayResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return [.. result.Profiles.Where(p => p.Status != ReplayStatus.Skipped)];
    }

    /// <summary>The per-turn table's rows: a label, then one cell per tier that started (the answer cell is the full text).</summary>
    public static IReadOnlyList<(string Label, IReadOnlyList<string> Cells)> Turn(ReplayResult result, int turnIndex)
    {
        ArgumentNullException.ThrowIfNull(result);
        var tiers = Answering(result);
        var turns = tiers.Select(p => turnIndex < p.Turns.Count ? p.Turns[turnIndex] : null).ToList();
        string Cell(int i, Func<TurnResult, string> read) => turns[i] is { } t ? read(t) : ReportText.None;
        IReadOnlyList<string> Row(Func<TurnResult, string> read) => [.. tiers.Select((_, i) => Cell(i, read))];

        IReadOnlyList<string> answers = [.. tiers.Select((p, i) => turns[i] is { } t
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

    /// <summary>
    /// Each tier's plan as lines: GPU layers and context, RAM and VRAM needed against free, whether it fits, the
    /// predicted decode speed beside the measured one, and the command that gets a tier not on disk.
    /// </summary>
    public static IEnumerable<(string Tier, IReadOnlyList<string> Lines)> Plans(ReplayResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        foreach (var p in result.Profiles)
        {
            var lines = new List<string>();
            if (p.Plan is { } plan)
            {
                var fallback = plan.FallbackSteps > 0 ? $" (loaded after {plan.FallbackSteps} fallback steps)" : "";
                lines.Add(string.Create(Invariant, $"{plan.GpuLayers}/{plan.TotalLayers} layers on GPU, context {plan.Context}{fallback}"));
                lines.Add($"RAM: {ReportText.Size(plan.PredictedRamBytes)} needed, {Free(plan.FreeRamBytes)}");
                lines.Add(plan.FreeVramBytes is { } vram || plan.PredictedVramBytes > 0
                    ? $"VRAM: {ReportText.Size(plan.PredictedVramBytes)} needed, {Free(plan.FreeVramBytes)}"
                    : "VRAM: no GPU");
                lines.Add($"{(plan.Fits ? "fits" : "does not fit")}: {plan.Reason}");
            }
            else if (p.Detail is { } detail)
            {
                lines.Add($"{p.StatusLine} ({detail})");
            }

            if (p.Prediction is { } prediction)
            {
                var measured = p.Played && p.DecodeTokensPerSecond is { } rate ? $"; measured {ReportText.Rate(rate)} tok/s" : "";
                lines.Add(prediction.TokensPerSecond is { } predicted
                    ? $"decode predicted ≈ {ReportText.Rate(predicted)} tok/s{measured} ({ReportText.Size(prediction.HostBytesPerToken)} per token on the host, {ReportText.Size(prediction.GpuBytesPerToken)} on GPUs; {prediction.Basis})"
                    : $"decode speed not predicted{measured}: {prediction.Basis}");
            }

            if (p.Obtain is { } obtain)
            {
                lines.Add($"get it: `{obtain}`");
            }

            if (lines.Count > 0)
            {
                yield return (VerdictTable.Label(p), lines);
            }
        }
    }

    private static string Free(long? bytes) => bytes is { } b ? $"{ReportText.Size(b)} free" : "free memory unknown";

    private static readonly System.Globalization.CultureInfo Invariant = System.Globalization.CultureInfo.InvariantCulture;
}
