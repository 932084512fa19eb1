namespace ModelScale.ChatHost.Replay;

/// <summary>Which report files a replay writes.</summary>
[Flags]
public enum ReportFormats
{
    None = 0,
    Markdown = 1,
    Html = 2,
    Json = 4,
    Png = 8,
    All = Markdown | Html | Json | Png,
}

/// <summary>Reads --format lists such as "md,html,json".</summary>
public static class ReportFormatList
{
    public const string Names = "md, html, json, png";

    /// <summary>Parses a comma-separated list; false with the unknown name when one is not a format.</summary>
    public static bool TryParse(string? text, out ReportFormats formats, out string error)
    {
        formats = ReportFormats.None;
        error = "";
        foreach (var name in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var format = name.ToLowerInvariant() switch
            {
                "md" or "markdown" => ReportFormats.Markdown,
                "html" => ReportFormats.Html,
                "json" => ReportFormats.Json,
                "png" or "chart" => ReportFormats.Png,
                _ => ReportFormats.None,
            };
            if (format == ReportFormats.None)
            {
                error = $"'{name}' is not a report format; use {Names}, separated by commas.";
                return false;
            }

            formats |= format;
        }

        if (formats == ReportFormats.None)
        {
            error = $"Give at least one report format: {Names}.";
            return false;
        }

        return true;
    }
}
