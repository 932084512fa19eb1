using System.Globalization;

namespace ModelScale.ChatHost.Replay.Quality;

/// <summary>The quality cells of the reports: chrF and the judge's score, or "-" when there is none.</summary>
public static class QualityText
{
    public static string ChrF(double? chrF) => chrF is { } value ? value.ToString("0.0", CultureInfo.InvariantCulture) : ReportText.None;

    /// <summary>"7/10 (self)", "7.5", or "-".</summary>
    public static string Score(double? score) => score is { } value ? value.ToString("0.0#", CultureInfo.InvariantCulture) : ReportText.None;

    public static string Judgement(Judgement? judgement) => judgement is null
        ? ReportText.None
        : string.Create(CultureInfo.InvariantCulture, $"{judgement.Score}/10{(judgement.SelfJudged ? " (self-judged)" : "")}: {judgement.Reason}");
}
