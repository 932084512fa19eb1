using ModelScale.ChatHost.Sessions.Store;
using ModelScale.Profiles.Errors;

namespace ModelScale.ChatHost.Replay;

/// <summary>Writes a replay's reports into a folder: report.md, report.html, report.json and chart.png, as asked.</summary>
public static class ReplayReportWriter
{
    /// <summary>Writes the reports and returns the full paths written, in that order.</summary>
    /// <exception cref="ReplayException">The folder or a file could not be written.</exception>
    public static IReadOnlyList<string> Write(ReplayResult result, string directory, ReportFormats formats)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var folder = Path.GetFullPath(directory);
        try
        {
            return WriteAll(result, folder, formats);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ReplayException(ErrorKind.Unusable, $"Cannot write the replay report to {folder}: {ex.Message}", ex);
        }
    }

    private static List<string> WriteAll(ReplayResult result, string folder, ReportFormats formats)
    {
        // The reports quote the conversation: private, like the sessions (0600 files; a new folder 0700).
        PrivateFiles.CreateFolder(folder);

        var written = new List<string>();
        // The HTML draws its own chart (inline SVG); the PNG is for the Markdown, which links it.
        var chartLinked = (formats & ReportFormats.Png) != 0;
        var chart = chartLinked ? ChartRenderer.Render(result) : null;

        if ((formats & ReportFormats.Markdown) != 0)
        {
            written.Add(WriteText(folder, MarkdownReport.FileName, MarkdownReport.Render(result, chartLinked ? ChartRenderer.FileName : null)));
        }

        if ((formats & ReportFormats.Html) != 0)
        {
            written.Add(WriteText(folder, HtmlReport.FileName, HtmlReport.Render(result)));
        }

        if ((formats & ReportFormats.Json) != 0)
        {
            written.Add(WriteText(folder, JsonReport.FileName, JsonReport.Render(result)));
        }

        if (chartLinked && chart is not null)
        {
            var path = Path.Combine(folder, ChartRenderer.FileName);
            PrivateFiles.WriteAllBytes(path, chart);
            written.Add(path);
        }

        return written;
    }

    private static string WriteText(string folder, string name, string text)
    {
        var path = Path.Combine(folder, name);
        PrivateFiles.WriteAllText(path, text);
        return path;
    }
}
