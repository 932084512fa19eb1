using System.Text;

namespace ModelScale.ChatHost.Replay;

/// <summary>The replay as Markdown: a table per turn with one column per tier, then the summary, the chart and the plans.</summary>
public static class MarkdownReport
{
    public const string FileName = "report.md";

    public static string Render(ReplayResult result, string? chartFileName)
    {
        ArgumentNullException.ThrowIfNull(result);
        var md = new StringBuilder();
        md.Append("# Replay of ").AppendLine(Escape(result.Source)).AppendLine();
        md.Append("**Verdict:** ").AppendLine(Escape(Quality.VerdictText.Line(result))).AppendLine();
        foreach (var (label, value) in Header(result))
        {
            md.Append("- **").Append(label).Append(":** ").AppendLine(Escape(value));
        }

        for (var i = 0; i < result.Turns.Count; i++)
        {
            var turn = result.Turns[i];
            md.AppendLine().Append("## Turn ").Append(i + 1).AppendLine().AppendLine();
            md.Append("**User:** ").AppendLine(Escape(turn.User)).AppendLine();
            if (turn.Reference is { } reference)
            {
                md.Append("**Reference:** ").AppendLine(Escape(reference)).AppendLine();
            }

            if (turn.Expect is { Count: > 0 } expect)
            {
                md.Append("**Expected keywords:** ").AppendLine(Escape(string.Join(", ", expect))).AppendLine();
            }

            Table(md, ["", .. result.Profiles.Select(p => p.Id)], ReportRows.Turn(result, i).Select(r => (IReadOnlyList<string>)[r.Label, .. r.Cells]));
        }

        md.AppendLine().AppendLine("## Summary").AppendLine();
        Table(md, ReportRows.SummaryHeader, result.Profiles.Select(ReportRows.Summary));
        md.AppendLine().AppendLine("Peak RAM is the process's resident memory, sampled while the tier played, with what the tier added to it in brackets; peak VRAM is the memory in use on NVIDIA GPUs (NVML). Decode tok/s counts every answer's tokens after its first.");
        if (chartFileName is not null)
        {
            md.AppendLine().Append("![Parameters against decode speed and peak memory](").Append(chartFileName).AppendLine(")");
        }

        md.AppendLine().AppendLine("## Plans").AppendLine();
        foreach (var (id, line) in ReportRows.Plans(result))
        {
            md.Append("- **").Append(Escape(id)).Append("**: ").AppendLine(Escape(line));
        }

        return md.ToString();
    }

    /// <summary>The facts above the tables, shared with the HTML report.</summary>
    public static IReadOnlyList<(string Label, string Value)> Header(ReplayResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var rows = new List<(string, string)>
        {
            ("Started", ReportText.Timestamp(result.StartedAt)),
            ("Wall time", ReportText.Duration(result.WallTime)),
            ("Sampling", ReportText.Sampling(result.Sampling)),
            ("Mode", ReportText.Mode(result)),
            ("Tiers", string.Join(", ", result.Profiles.Select(p => $"{p.Id} ({p.StatusLine})"))),
        };
        if (result.Threads is { } threads)
        {
            rows.Add(("Threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (result.SystemPrompt is { } system)
        {
            rows.Add(("System prompt", system));
        }

        if (result.Interrupted)
        {
            rows.Add(("Interrupted", "Ctrl+C stopped the replay; this report holds what had finished."));
        }

        return rows;
    }

    private static void Table(StringBuilder md, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        md.Append('|');
        foreach (var cell in header)
        {
            md.Append(' ').Append(Escape(cell)).Append(" |");
        }

        md.AppendLine().Append('|');
        foreach (var _ in header)
        {
            md.Append(" --- |");
        }

        md.AppendLine();
        foreach (var row in rows)
        {
            md.Append('|');
            foreach (var cell in row)
            {
                md.Append(' ').Append(Escape(cell)).Append(" |");
            }

            md.AppendLine();
        }
    }

    /// <summary>Text safe in a Markdown table cell: no pipes, no raw HTML, line breaks as &lt;br&gt;.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text
            .Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("|", "\\|", StringComparison.Ordinal)
            .Replace("\r\n", "<br>", StringComparison.Ordinal)
            .Replace("\n", "<br>", StringComparison.Ordinal)
            .Replace("\r", "<br>", StringComparison.Ordinal);
    }
}
