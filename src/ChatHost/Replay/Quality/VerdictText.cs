namespace ModelScale.ChatHost.Replay.Quality;

/// <summary>The verdict as the reports' first line, or why there is none.</summary>
public static class VerdictText
{
    public static string Line(ReplayResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Verdict is { } verdict)
        {
            return $"{verdict.Sentence} (judged by {verdict.Judge}{(result.Profiles.Any(p => p.Id == verdict.Judge && p.Played) ? ", which judged its own answers too" : "")}.)";
        }

        return result.Judge is null
            ? "none: no judge scored the answers (--judge none, or no tier completed)."
            : "none: no tier has a judged answer.";
    }
}
