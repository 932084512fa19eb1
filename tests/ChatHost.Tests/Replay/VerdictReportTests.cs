using System.Text.RegularExpressions;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Replay;
using ModelScale.ChatHost.Sessions;

namespace ModelScale.ChatHost.Tests.Replay;

/// <summary>The verdict table, planned tiers, the busy warning and the HTML's shape, on a hand-made result: no model.</summary>
public sealed partial class VerdictReportTests
{
    private const long MiB = 1 << 20;

    private static TurnResult Answer(int turn, string text) => TurnResult.From(turn, text, new AnswerStats
    {
        ProfileId = "x", PromptTokens = 12, CachedPromptTokens = 0, CompletionTokens = 20,
        TimeToFirstToken = TimeSpan.FromMilliseconds(40), Total = TimeSpan.FromSeconds(0.5),
        PrefillTokensPerSecond = 300, DecodeTokensPerSecond = 42, FinishReason = "stop",
    }, null);

    /// <summary>A measured 1B tier, a measured 3B tier with a bigger plan, and a 7B that is not on disk (planned, fits).</summary>
    private static ReplayResult Result(bool busy = true)
    {
        var small = new ProfileResult
        {
            Id = "1b", DisplayName = "1b", Status = ReplayStatus.Completed, ParameterCount = 1_240_000_000, Quantization = "Q4_0",
            Plan = new ReplayPlan(0, 17, 2048, 0, 800 * MiB, true, "0/17 layers: no GPU", FreeRamBytes: 8_000 * MiB),
            Turns = [Answer(1, "A dog named Max ran to the park, and everyone there laughed with joy.")],
            Prediction = new DecodePrediction(700 * MiB, 0, 40, "bytes per token over the bandwidth"),
        };
        var larger = small with
        {
            Id = "3b", DisplayName = "3b", ParameterCount = 3_200_000_000,
            Plan = small.Plan with { PredictedRamBytes = 2_000 * MiB },
            Turns = [Answer(1, "Max the dog found a kitten under the old tree.") with { DecodeTokensPerSecond = 20, TimeToFirstToken = TimeSpan.FromMilliseconds(80), Total = TimeSpan.FromSeconds(1) }],
            Prediction = new DecodePrediction(1_800 * MiB, 0, 16, "bytes per token over the bandwidth"),
        };
        var planned = new ProfileResult
        {
            Id = "7b", DisplayName = "7b", Status = ReplayStatus.Skipped, Reason = "not on disk", Detail = "looked for /m/7b.gguf",
            ParameterCount = 7_620_000_000, Quantization = "Q4_K_M", Obtain = "modelscale pull 7b",
            Plan = new ReplayPlan(0, 29, 4096, 0, 5_000 * MiB, true, "0/29 layers: no GPU", FreeRamBytes: 8_000 * MiB),
            Prediction = new DecodePrediction(4_400 * MiB, 0, 8, "bytes per token over the bandwidth"),
        };
        return new ReplayResult
        {
            Source = "story.json",
            StartedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            WallTime = TimeSpan.FromSeconds(9),
            Turns = [new ConversationTurn { User = "Tell me a story about a dog." }],
            Sampling = new SamplingSettings(MaxTokens: 24),
            TeacherForcing = false,
            Profiles = [small, larger, planned],
            Load = new MachineLoad(busy ? 5.5 : 0.5, 2, 10),
            Bandwidth = SpeedAndLoadTests.Bandwidth(20e9, 10e9, null),
            Repeat = 1,
            WarmUp = true,
        };
    }

    [Fact]
    public void VerdictTable_HasARowPerTier_MeasuredOrPlanned_LabelledBySizeAndQuantization_WithTheBestMarked()
    {
        var rows = VerdictTable.TextRows(Result());

        Assert.Equal(["1.24 B Q4_0 (1b)", "measured", "-", "42.0 ★", "≈ 40.0", "40 ms ★", "800.0 MiB / 7.8 GiB ★", "yes", "25.0 s ★"], rows[0]);
        Assert.Equal(["3.20 B Q4_0 (3b)", "measured", "-", "20.0", "≈ 16.0", "80 ms", "2.0 GiB / 7.8 GiB", "yes", "50.0 s"], rows[1]);
        Assert.Equal(["7.62 B Q4_K_M (7b)", "planned (not on disk)", "-", "-", "≈ 8.0", "-", "4.9 GiB / 7.8 GiB", "yes", "≈ 125 s"], rows[2]);
        Assert.Equal(VerdictTable.Header.Count, rows[0].Count);
    }

    [Fact]
    public void PlannedTier_IsInTheVerdictAndThePlans_NotInTheTurnTables_AndNamesTheCommandThatGetsIt()
    {
        var result = Result();
        var markdown = MarkdownReport.Render(result, "chart.png");

        var plans = ReportRows.Plans(result).ToDictionary(p => p.Tier, p => p.Lines);
        Assert.Contains("get it: `modelscale pull 7b`", plans["7.62 B Q4_K_M (7b)"]);
        Assert.Contains("RAM: 4.9 GiB needed, 7.8 GiB free", plans["7.62 B Q4_K_M (7b)"]);
        Assert.Contains(plans["1.24 B Q4_0 (1b)"], l => l.StartsWith("decode predicted ≈ 40.0 tok/s; measured 42.0 tok/s", StringComparison.Ordinal));
        Assert.Contains("|  | 1.24 B Q4_0 (1b) | 3.20 B Q4_0 (3b) |\n", markdown);
        Assert.Contains("  - get it: `modelscale pull 7b`", markdown);

        // The verdict table comes first, then the turns, then the plans.
        var table = markdown.IndexOf("| tier | run |", StringComparison.Ordinal);
        Assert.True(table > 0 && table < markdown.IndexOf("## Turn 1", StringComparison.Ordinal));
        Assert.True(markdown.IndexOf("## Turn 1", StringComparison.Ordinal) < markdown.IndexOf("## Plans", StringComparison.Ordinal));
    }

    [Fact]
    public void Busy_IsWarnedInMarkdownHtmlAndJson_AndOnlyWhenBusy()
    {
        var busy = Result(busy: true);
        var warning = busy.Load!.Warning;

        Assert.Contains("> **Warning:** " + warning, MarkdownReport.Render(busy, null));
        Assert.Contains("<p class=\"warning\" role=\"alert\"><strong>Warning:</strong> " + System.Net.WebUtility.HtmlEncode(warning), HtmlReport.Render(busy));
        var json = JsonReport.ToDocument(busy);
        Assert.True(json.Load!.Busy);
        Assert.Equal([warning], json.Warnings);

        var calm = Result(busy: false);
        Assert.DoesNotContain("Warning", MarkdownReport.Render(calm, null), StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"warning\"", HtmlReport.Render(calm), StringComparison.Ordinal);
        Assert.Empty(JsonReport.ToDocument(calm).Warnings!);
    }

    [Fact]
    public void Json_CarriesPlannedTiersSpeedsAndTheLoad_AndReadsBackTheSame()
    {
        var result = Result() with
        {
            Profiles = [.. Result().Profiles.Select((p, i) => i == 0 ? p with { Speed = SpeedSummary.Of([p.Turns, p.Turns], true) } : p)],
            Repeat = 2,
        };
        var json = JsonReport.Render(result);

        var back = JsonReport.Parse(json);

        Assert.Equal(json, JsonReport.Render(back));
        Assert.True(back.Profiles[2].Planned);
        Assert.Equal("modelscale pull 7b", back.Profiles[2].Obtain);
        Assert.Equal(8, back.Profiles[2].Prediction!.TokensPerSecond);
        Assert.Equal(2, back.Profiles[0].Speed!.Passes);
        Assert.Equal(result.Load, back.Load);
        Assert.Equal(2, back.Repeat);
    }

    [Fact]
    public void Html_FitsA390PxScreen_TablesScrollInTheirBox_NumbersRightAligned_ChartInlineSvg()
    {
        var html = HtmlReport.Render(Result());

        Assert.Contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", html);
        // Every table sits in a box that scrolls sideways, so no table widens the page.
        Assert.Equal(TableCount().Matches(html).Count, ScrolledTable().Matches(html).Count);
        Assert.Contains(".scroll { overflow-x: auto; max-width: 100%;", HtmlReport.Style);
        Assert.Contains("th:first-child, td:first-child { position: sticky; left: 0;", HtmlReport.Style);
        Assert.Contains("body {", HtmlReport.Style);
        Assert.Contains("overflow-wrap: anywhere", HtmlReport.Style);
        Assert.Contains("svg.chart { width: 100%; height: auto;", HtmlReport.Style);
        Assert.Contains("td.num, th.num { text-align: right;", HtmlReport.Style);
        Assert.Contains("<td class=\"num best\">42.0 <span title=\"best of the column\">★</span></td>", html);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" MB<", html, StringComparison.Ordinal);

        // The chart: three panels on one x-axis, the planned 7B drawn hollow at the same x in each panel it has a value.
        var svg = html[html.IndexOf("<svg class=\"chart\"", StringComparison.Ordinal)..(html.IndexOf("</svg>", StringComparison.Ordinal) + 6)];
        Assert.Equal(3, Regex.Matches(svg, "parameters \\(log scale\\)").Count);
        Assert.Contains(" MiB</text>", svg, StringComparison.Ordinal);
        var hollow = Regex.Matches(svg, "<circle cx=\"([0-9.]+)\" cy=\"[0-9.]+\" r=\"6\" fill=\"#fff\"[^>]*><title>7b</title>");
        Assert.Equal(2, hollow.Count);
        Assert.Equal(hollow[0].Groups[1].Value, hollow[1].Groups[1].Value);
    }

    [Fact]
    public void Shorten_CutsBetweenWords_WithAnEllipsis_NeverInsideOne()
    {
        Assert.Equal("A dog named Max…", ReportText.Shorten("A dog named Max ran to the park", 18));
        Assert.Equal("short", ReportText.Shorten("short", 18));
        Assert.Equal("Supercalifragilis…", ReportText.Shorten("Supercalifragilistic", 18));
    }

    [GeneratedRegex("<table")]
    private static partial Regex TableCount();

    [GeneratedRegex("<div class=\"scroll\"><table")]
    private static partial Regex ScrolledTable();
}
