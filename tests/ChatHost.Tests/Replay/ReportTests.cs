using ModelScale.ChatHost.Replay;
using ModelScale.ChatHost.Sessions;

namespace ModelScale.ChatHost.Tests.Replay;

/// <summary>The report writers on a hand-made result: no model needed.</summary>
public sealed class ReportTests
{
    private static ReplayResult Result(string answer) => new()
    {
        Source = "t.json",
        StartedAt = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero),
        WallTime = TimeSpan.FromSeconds(2),
        Turns = [new ConversationTurn { User = "a|b <i>", Expect = ["Cat"] }],
        Sampling = new SamplingSettings(MaxTokens: 8),
        TeacherForcing = false,
        Profiles =
        [
            new ProfileResult
            {
                Id = "one",
                DisplayName = "One",
                Status = ReplayStatus.Completed,
                ParameterCount = 1_000_000,
                Turns =
                [
                    TurnResult.From(1, answer, new ModelScale.ChatHost.Engine.AnswerStats
                    {
                        ProfileId = "one", PromptTokens = 10, CachedPromptTokens = 0, CompletionTokens = 5,
                        TimeToFirstToken = TimeSpan.FromMilliseconds(20), Total = TimeSpan.FromMilliseconds(70),
                        PrefillTokensPerSecond = 500, DecodeTokensPerSecond = 80, FinishReason = "length",
                    }, ["Cat"]),
                ],
            },
            new ProfileResult { Id = "two", DisplayName = "Two", Status = ReplayStatus.Skipped, Reason = "not on disk" },
        ],
    };

    [Fact]
    public void JsonReport_ReadBack_GivesTheSameReport()
    {
        var json = JsonReport.Render(Result("The cat sat."));

        var read = JsonReport.Parse(json);

        Assert.Equal(json, JsonReport.Render(read));
        Assert.Equal(ReplayStatus.Skipped, read.Profiles[1].Status);
        Assert.Equal(80, read.Profiles[0].DecodeTokensPerSecond);
    }

    [Fact]
    public void JsonReport_OfAnotherSchemaVersion_IsRefused()
    {
        var json = JsonReport.Render(Result("x")).Replace("\"schemaVersion\": 1", "\"schemaVersion\": 2", StringComparison.Ordinal);

        var error = Assert.Throws<System.Text.Json.JsonException>(() => JsonReport.Parse(json));
        Assert.Equal("The report has schema version 2, not 1.", error.Message);
    }

    [Fact]
    public void Keywords_AreFoundIgnoringCase()
    {
        var turn = Result("The CAT sat.").Profiles[0].Turns[0];

        Assert.Equal(["Cat"], turn.KeywordsFound);
        Assert.Equal("1/1: Cat", ReportText.Keywords(turn));
    }

    [Fact]
    public void Markdown_KeepsAnAnswerInsideItsCell()
    {
        var markdown = MarkdownReport.Render(Result("x | y\nz <script>"), null);

        Assert.Contains("| answer | x \\| y<br>z &lt;script&gt; |\n", markdown);
        Assert.Contains("**User:** a\\|b &lt;i&gt;", markdown);
    }

    [Fact]
    public void Html_EscapesEveryText_AndWorksWithoutAChart()
    {
        var html = HtmlReport.Render(Result("<script>alert(1)</script> & more"));

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more", html);
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("data:image/png", html);
    }

    [Fact]
    public void Chart_IsAPng_EvenWhenNoTierPlayed()
    {
        var result = Result("x") with { Profiles = [new ProfileResult { Id = "two", DisplayName = "Two", Status = ReplayStatus.Skipped, Reason = "not on disk" }] };

        var png = ChartRenderer.Render(result);

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
    }

    [Theory]
    [InlineData("md,json", ReportFormats.Markdown | ReportFormats.Json)]
    [InlineData(" HTML , png ", ReportFormats.Html | ReportFormats.Png)]
    public void FormatList_ReadsCommaSeparatedNames(string text, ReportFormats expected)
    {
        Assert.True(ReportFormatList.TryParse(text, out var formats, out _));
        Assert.Equal(expected, formats);
    }

    [Fact]
    public void FormatList_NamesAnUnknownFormat()
    {
        Assert.False(ReportFormatList.TryParse("md,pdf", out _, out var error));
        Assert.Equal("'pdf' is not a report format; use md, html, json, png, separated by commas.", error);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Reports_QuoteTheConversation_SoTheyAreWritten0600InAFolderCreated0700()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"modelscale-report-{Guid.NewGuid():N}", "reports");
        try
        {
            var written = ReplayReportWriter.Write(Result("The cat sat."), folder, ReportFormats.All);

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(folder)!));
            Assert.NotEmpty(written);
            Assert.All(written, file => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file)));

            // Written again over a file someone made readable by others: narrowed back to 0600.
            File.SetUnixFileMode(written[0], UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
            ReplayReportWriter.Write(Result("The cat sat."), folder, ReportFormats.All);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(written[0]));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
    }
}
