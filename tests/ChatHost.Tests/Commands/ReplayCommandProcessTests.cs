using System.Text.Json;
using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Commands;

/// <summary>`modelscale replay` as a script runs it: exit codes, one-sentence errors, and the report folder.</summary>
public sealed class ReplayCommandProcessTests : IDisposable
{
    private readonly ModelScaleProcess _process = new();

    public void Dispose() => _process.Dispose();

    private string Catalog()
    {
        var path = Path.Combine(_process.Home, "catalog.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            version = 1,
            profiles = new object[]
            {
                new { id = "stories", displayName = "stories260K", path = OwnModels.Tiny, contextLength = 2048 },
                new { id = "tiny", displayName = "tiny-random", path = OwnModels.Other, contextLength = 512 },
            },
        }));
        return path;
    }

    private static string Example => Path.Combine(RepoRoot.Directory, "examples", "three-turns.json");

    [Fact]
    public async Task ThreeTurnExample_OnTwoTiersAndOneMissing_Exits0_AndWritesTheReportFolder()
    {
        var output = Path.Combine(_process.Home, "report");
        var (exit, stdout, stderr) = await _process.RunAsync(
            "", "replay", Example, "--catalog", Catalog(), "--models-dir", _process.Home, "--profiles", "stories,tiny,1b", "--max-tokens", "16", "--threads", "1", "--judge", "none", "--out", output);

        Assert.True(exit == 0, stderr);
        Assert.Equal(["chart.png", "report.html", "report.json", "report.md"], Directory.GetFiles(output).Select(Path.GetFileName).Order());
        // 1b is not on disk: planned from its built-in shape, with the command that gets it.
        Assert.Contains("planned (not on disk)", stdout);
        Assert.Contains("1b: modelscale pull 1b", stdout);
        Assert.Contains("[1/3] stories: turn 3/3", stderr);
        Assert.Contains("[3/3] 1b: not run (not on disk); planned: ", stderr);
        Assert.DoesNotContain('\u001b', stdout + stderr);
        var markdown = await File.ReadAllTextAsync(Path.Combine(output, "report.md"));
        var turnHeader = markdown.Split('\n').First(l => l.StartsWith("|  | ", StringComparison.Ordinal));
        Assert.Contains("(stories)", turnHeader);
        Assert.Contains("(tiny)", turnHeader);
        Assert.DoesNotContain("1b", turnHeader);
        Assert.Contains("| 1b | skipped: not on disk |", markdown);
        Assert.Contains("get it: `modelscale pull 1b`", markdown);
        Assert.True(markdown.IndexOf("| tier | run |", StringComparison.Ordinal) < markdown.IndexOf("## Turn 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MalformedConversationFile_IsOneSentenceWithLineAndColumn_Exit1()
    {
        var file = Path.Combine(_process.Home, "bad.json");
        await File.WriteAllTextAsync(file, "{\n  \"version\": 1,\n  \"turns\": [ { \"user\": \"Hi\" } \n}\n");

        var (exit, stdout, stderr) = await _process.RunAsync("", "replay", file, "--profiles", "1b");

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line);
        Assert.Contains("bad.json is not a valid conversation file at line 4, column 1", line);
    }

    [Fact]
    public async Task UnknownProfile_IsOneSentence_Exit1()
    {
        var (exit, _, stderr) = await _process.RunAsync("", "replay", Example, "--profiles", "1b,7c");

        Assert.Equal(1, exit);
        Assert.Equal("error: Unknown profile '7c' (did you mean '7b'?). Valid ids: 1b, 7b, 13b, 70b.", stderr.Trim());
    }
}
