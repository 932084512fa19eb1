using System.Text;

namespace ModelScale.ChatHost.Replay;

/// <summary>The replay as Markdown: a table per turn with one column per tier, then the summary, the chart and the plans.</summary>
public static class MarkdownReport
{
    public const string FileName = "report.md";

    /// <summary>What the verdict table's columns mean, under it in every report.</summary>
    public const string VerdictNote =
        "★ marks the best of each column. Decode tok/s is the median over the measured passes (min–max in brackets when there were several); " +
        "predicted tok/s is the bytes each token reads on each memory over the bandwidth `modelscale bench` measured. " +
        "Memory needed is the plan's RAM + VRAM, against the RAM + VRAM free when it was planned. " +
        "Seconds per 1,000 tokens is the answers' whole time (prefill included) over their tokens; ≈ marks a planned tier's, from its predicted speed.";

    /// <summary>Why the plan's RAM and the peak RAM differ, under the details table.</summary>
    public const string MemoryNote =
        "Plan RAM is what the planner reserves on the host (weights not on a GPU, KV cache, compute buffers and the process itself); " +
        "peak RAM is the process's resident memory sampled while the tier played, with what the tier added in brackets. " +
        "Peak RAM is usually lower: the weights are memory-mapped and only count once read. Peak VRAM is memory in use on NVIDIA GPUs (NVML).";

    public static string Render(ReplayResult result, string? chartFileName)
    {
        ArgumentNullException.ThrowIfNull(result);
        var md = new StringBuilder();
        md.Append("# Replay of ").AppendLine(Escape(result.Source)).AppendLine();
        md.Append("**Verdict:** ").AppendLine(Escape(Quality.VerdictText.Line(result))).AppendLine();
        foreach (var warning in ReportText.Warnings(result))
        {
            md.Append("> **Warning:** ").AppendLine(Escape(warning)).AppendLine();
        }

        Table(md, VerdictTable.Header, VerdictTable.TextRows(result));
        md.AppendLine().AppendLine(Escape(VerdictNote)).AppendLine();
        foreach (var (label, value) in Header(result))
        {
            md.Append("- **").Append(label).Append(":** ").AppendLine(Escape(value));
        }

        var answering = ReportRows.Answering(result);
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

            if (answering.Count == 0)
            {
                md.AppendLine("No tier answered.");
                continue;
            }

            Table(md, ["", .. answering.Select(VerdictTable.Label)], ReportRows.Turn(result, i).Select(r => (IReadOnlyList<string>)[r.Label, .. r.Cells]));
        }

        md.AppendLine().AppendLine("## Details").AppendLine();
        Table(md, ReportRows.SummaryHeader, result.Profiles.Select(ReportRows.Summary));
        md.AppendLine().AppendLine(Escape(MemoryNote));
        if (chartFileName is not null)
        {
            md.AppendLine().Append("![Parameters against decode speed, memory and quality; hollow points are planned tiers](").Append(chartFileName).AppendLine(")");
        }

        md.AppendLine().AppendLine("## Plans").AppendLine();
        foreach (var (tier, lines) in ReportRows.Plans(result))
        {
            md.Append("- **").Append(Escape(tier)).AppendLine("**");
            foreach (var line in lines)
            {
                md.Append("  - ").AppendLine(Escape(line));
            }
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
        rows.Add(("Speed", ReportText.Passes(result)));
        rows.Add(("Memory bandwidth", ReportText.Bandwidth(result.Bandwidth)));
        if (result.Load is { } load)
        {
            rows.Add(("Load", string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"load average up to {load.PeakLoadAverage:0.0#} on {load.Cores} cores{(load.Busy ? " (busy)" : "")}")));
        }

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
