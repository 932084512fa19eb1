using System.Net;
using System.Text;

namespace ModelScale.ChatHost.Replay;

/// <summary>
/// The replay as one self-contained HTML page: the verdict table first, then every turn's answers side by side in full,
/// the details, the chart (inline SVG) and the plans. Inline styles, no script, nothing fetched from a network; every
/// text from a model or a user is HTML-escaped. Readable on a phone: wide tables scroll inside their own box with the
/// first column kept in view, and numbers are right-aligned.
/// </summary>
public static class HtmlReport
{
    public const string FileName = "report.html";

    /// <summary>The page's CSS; the tests check the rules that keep a 390 px screen from scrolling sideways.</summary>
    public const string Style = """
        *, *::before, *::after { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1.5rem auto; max-width: 80rem; padding: 0 1rem; color: #1b1b1b; line-height: 1.45; }
        h1, h2, p, dd, li { overflow-wrap: anywhere; }
        h1 { font-size: 1.5rem; margin: 0 0 0.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
        p.verdict { font-size: 1.1rem; background: #eef6ff; border-left: 4px solid #1f6fb2; padding: 0.6rem 0.8rem; }
        p.warning { background: #fff7e6; border-left: 4px solid #d97706; padding: 0.6rem 0.8rem; }
        .scroll { overflow-x: auto; max-width: 100%; -webkit-overflow-scrolling: touch; border: 1px solid #ddd; margin: 0.75rem 0; }
        table { border-collapse: separate; border-spacing: 0; min-width: 100%; }
        th, td { border-bottom: 1px solid #ddd; border-right: 1px solid #eee; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
        thead th { background: #f3f3f3; }
        th:first-child, td:first-child { position: sticky; left: 0; background: #fafafa; z-index: 1; }
        thead th:first-child { z-index: 2; background: #eee; }
        table.tiers td, table.summary th, table.summary td { white-space: nowrap; }
        table.tiers td:first-child, table.turn th:first-child { white-space: normal; min-width: 7.5rem; max-width: 10rem; }
        table.tiers td:nth-child(2) { white-space: normal; min-width: 6.5rem; }
        .range { display: block; font-size: 0.8em; font-weight: 400; color: #555; }
        td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
        td.best { font-weight: 700; background: #e7f6ea; }
        td.answer { white-space: pre-wrap; font-family: ui-monospace, "Cascadia Mono", monospace; font-size: 0.85rem; min-width: 15rem; max-width: 34rem; overflow-wrap: break-word; }
        dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.2rem 1rem; } dt { font-weight: bold; } dd { margin: 0; min-width: 0; }
        @media (max-width: 600px) { dl { grid-template-columns: minmax(0, 1fr); } dd { margin-bottom: 0.4rem; } body { padding: 0 0.6rem; margin-top: 0.8rem; } }
        .note { color: #555; font-size: 0.9rem; } code { overflow-wrap: anywhere; }
        svg.chart { width: 100%; height: auto; max-width: 720px; display: block; }
        ul.plans { padding-left: 1.2rem; } ul.plans > li { margin-bottom: 0.6rem; } ul.plans ul { padding-left: 1rem; }
        """;

    public static string Render(ReplayResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>")
            .AppendLine("<html lang=\"en\">")
            .AppendLine("<head>")
            .AppendLine("<meta charset=\"utf-8\">")
            .AppendLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>Replay of ").Append(E(result.Source)).AppendLine("</title>")
            .Append("<style>").Append(Style).AppendLine("</style>")
            .AppendLine("</head>")
            .AppendLine("<body>")
            .Append("<h1>Replay of ").Append(E(result.Source)).AppendLine("</h1>")
            .Append("<p class=\"verdict\"><strong>Verdict:</strong> ").Append(E(Quality.VerdictText.Line(result))).AppendLine("</p>");
        foreach (var warning in ReportText.Warnings(result))
        {
            html.Append("<p class=\"warning\" role=\"alert\"><strong>Warning:</strong> ").Append(E(warning)).AppendLine("</p>");
        }

        VerdictTableHtml(html, result);
        html.Append("<p class=\"note\">").Append(E(MarkdownReport.VerdictNote)).AppendLine("</p>");
        html.AppendLine("<dl>");
        foreach (var (label, value) in MarkdownReport.Header(result))
        {
            html.Append("<dt>").Append(E(label)).Append("</dt><dd>").Append(E(value)).AppendLine("</dd>");
        }

        html.AppendLine("</dl>");
        var answering = ReportRows.Answering(result);
        for (var i = 0; i < result.Turns.Count; i++)
        {
            var turn = result.Turns[i];
            html.Append("<h2 id=\"turn-").Append(i + 1).Append("\">Turn ").Append(i + 1).AppendLine("</h2>");
            html.Append("<p><strong>User:</strong> ").Append(E(turn.User)).AppendLine("</p>");
            if (turn.Reference is { } reference)
            {
                html.Append("<p><strong>Reference:</strong> ").Append(E(reference)).AppendLine("</p>");
            }

            if (turn.Expect is { Count: > 0 } expect)
            {
                html.Append("<p><strong>Expected keywords:</strong> ").Append(E(string.Join(", ", expect))).AppendLine("</p>");
            }

            if (answering.Count == 0)
            {
                html.AppendLine("<p>No tier answered.</p>");
                continue;
            }

            html.AppendLine("<div class=\"scroll\"><table class=\"turn\">").Append("<thead><tr><th></th>");
            foreach (var p in answering)
            {
                html.Append("<th>").Append(E(VerdictTable.Label(p))).Append("</th>");
            }

            html.AppendLine("</tr></thead>").AppendLine("<tbody>");
            foreach (var (label, cells) in ReportRows.Turn(result, i))
            {
                html.Append("<tr><th>").Append(E(label)).Append("</th>");
                foreach (var cell in cells)
                {
                    html.Append(label == "answer" ? "<td class=\"answer\">" : "<td>").Append(E(cell)).Append("</td>");
                }

                html.AppendLine("</tr>");
            }

            html.AppendLine("</tbody>").AppendLine("</table></div>");
        }

        html.AppendLine("<h2 id=\"details\">Details</h2>").AppendLine("<div class=\"scroll\"><table class=\"summary\">").Append("<thead><tr>");
        foreach (var column in ReportRows.SummaryHeader)
        {
            html.Append("<th>").Append(E(column)).Append("</th>");
        }

        html.AppendLine("</tr></thead>").AppendLine("<tbody>");
        foreach (var p in result.Profiles)
        {
            html.Append("<tr>");
            foreach (var cell in ReportRows.Summary(p))
            {
                html.Append("<td>").Append(E(cell)).Append("</td>");
            }

            html.AppendLine("</tr>");
        }

        html.AppendLine("</tbody>").AppendLine("</table></div>")
            .Append("<p class=\"note\">").Append(E(MarkdownReport.MemoryNote)).AppendLine("</p>");
        if (ChartSvg.Render(result) is { } svg)
        {
            html.AppendLine("<h2 id=\"chart\">Chart</h2>").AppendLine(svg);
        }

        html.AppendLine("<h2 id=\"plans\">Plans</h2>").AppendLine("<ul class=\"plans\">");
        foreach (var (tier, lines) in ReportRows.Plans(result))
        {
            html.Append("<li><strong>").Append(E(tier)).AppendLine("</strong><ul>");
            foreach (var line in lines)
            {
                html.Append("<li>").Append(Code(line)).AppendLine("</li>");
            }

            html.AppendLine("</ul></li>");
        }

        html.AppendLine("</ul>").AppendLine("</body>").AppendLine("</html>");
        return html.ToString();
    }

    private static void VerdictTableHtml(StringBuilder html, ReplayResult result)
    {
        html.AppendLine("<div class=\"scroll\"><table class=\"tiers\">").Append("<thead><tr>");
        var rows = VerdictTable.Rows(result);
        for (var c = 0; c < VerdictTable.Header.Count; c++)
        {
            var numeric = rows.Count > 0 && rows[0][c].Numeric;
            html.Append(numeric ? "<th class=\"num\">" : "<th>").Append(E(VerdictTable.Header[c])).Append("</th>");
        }

        html.AppendLine("</tr></thead>").AppendLine("<tbody>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                var classes = string.Join(' ', new[] { cell.Numeric ? "num" : null, cell.Best && cell.Text != ReportText.None ? "best" : null }.Where(c => c is not null));
                html.Append(classes.Length > 0 ? $"<td class=\"{classes}\">" : "<td>");
                var range = cell.Numeric ? cell.Text.IndexOf(" (", StringComparison.Ordinal) : -1;
                html.Append(E(range > 0 ? cell.Text[..range] : cell.Text));
                if (cell.Best && cell.Text != ReportText.None)
                {
                    html.Append(" <span title=\"best of the column\">★</span>");
                }

                if (range > 0)
                {
                    // The min–max under the median, smaller, so the column stays narrow.
                    html.Append("<span class=\"range\">").Append(E(cell.Text[(range + 1)..])).Append("</span>");
                }

                html.Append("</td>");
            }

            html.AppendLine("</tr>");
        }

        html.AppendLine("</tbody>").AppendLine("</table></div>");
    }

    /// <summary>Escapes a line, and shows `a command` as code.</summary>
    private static string Code(string line)
    {
        var parts = E(line).Split('`');
        var text = new StringBuilder(parts[0]);
        for (var i = 1; i < parts.Length; i++)
        {
            text.Append(i % 2 == 1 ? "<code>" : "</code>").Append(parts[i]);
        }

        return parts.Length % 2 == 0 ? text.Append("</code>").ToString() : text.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
