using System.Net;
using System.Text;

namespace ModelScale.ChatHost.Replay;

/// <summary>
/// The replay as one self-contained HTML page: the same content as the Markdown report, with the chart embedded as a
/// PNG data URI, inline styles, no script and nothing fetched from a network. Every text from a model or a user is
/// HTML-escaped.
/// </summary>
public static class HtmlReport
{
    public const string FileName = "report.html";

    private const string Style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1b1b1b; }
        h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
        table { border-collapse: collapse; margin: 0.75rem 0; width: 100%; }
        th, td { border: 1px solid #ccc; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
        th { background: #f3f3f3; }
        td.answer { white-space: pre-wrap; font-family: ui-monospace, "Cascadia Mono", monospace; font-size: 0.9rem; }
        dl { display: grid; grid-template-columns: max-content auto; gap: 0.2rem 1rem; } dt { font-weight: bold; }
        .note { color: #555; font-size: 0.9rem; } img { max-width: 100%; }
        """;

    public static string Render(ReplayResult result, byte[]? chartPng)
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
            .Append("<p class=\"verdict\"><strong>Verdict:</strong> ").Append(E(Quality.VerdictText.Line(result))).AppendLine("</p>")
            .AppendLine("<dl>");
        foreach (var (label, value) in MarkdownReport.Header(result))
        {
            html.Append("<dt>").Append(E(label)).Append("</dt><dd>").Append(E(value)).AppendLine("</dd>");
        }

        html.AppendLine("</dl>");
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

            html.AppendLine("<table class=\"turn\">").Append("<thead><tr><th></th>");
            foreach (var p in result.Profiles)
            {
                html.Append("<th>").Append(E(p.Id)).Append("</th>");
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

            html.AppendLine("</tbody>").AppendLine("</table>");
        }

        html.AppendLine("<h2 id=\"summary\">Summary</h2>").AppendLine("<table class=\"summary\">").Append("<thead><tr>");
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

        html.AppendLine("</tbody>").AppendLine("</table>")
            .AppendLine("<p class=\"note\">Peak RAM is the process's resident memory, sampled while the tier played, with what the tier added to it in brackets; peak VRAM is the memory in use on NVIDIA GPUs (NVML). Decode tok/s counts every answer's tokens after its first.</p>");
        if (chartPng is not null)
        {
            html.Append("<p><img alt=\"Parameters against decode speed and peak memory, one point per tier\" src=\"data:image/png;base64,")
                .Append(Convert.ToBase64String(chartPng)).AppendLine("\"></p>");
        }

        html.AppendLine("<h2 id=\"plans\">Plans</h2>").AppendLine("<ul>");
        foreach (var (id, line) in ReportRows.Plans(result))
        {
            html.Append("<li><strong>").Append(E(id)).Append("</strong>: ").Append(E(line)).AppendLine("</li>");
        }

        html.AppendLine("</ul>").AppendLine("</body>").AppendLine("</html>");
        return html.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
