using System.Text.Json;
using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Commands;

/// <summary>`modelscale advise` as a script runs it: the verdict alone on stdout, one sentence and exit 1 for bad input.</summary>
public sealed class AdviseCommandProcessTests : IDisposable
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
                new { id = "stories", displayName = "stories260K", path = TestModels.Stories260K, contextLength = 2048 },
                new { id = "tiny", displayName = "tiny-random", path = TestModels.TinyRandom, contextLength = 512 },
            },
        }));
        return path;
    }

    private static string Example => Path.Combine(RepoRoot.Directory, "examples", "three-turns.json");

    /// <summary>
    /// The example's first turn alone: the judge (a random model held to the rubric's grammar) writes up to its longest
    /// reason for every answer, so each turn costs a judgement per tier; one turn shows all that the tests check.
    /// </summary>
    private string OneTurn()
    {
        var path = Path.Combine(_process.Home, "one-turn.json");
        var example = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Example))!.AsObject();
        var turns = example["turns"]!.AsArray();
        while (turns.Count > 1)
        {
            turns.RemoveAt(turns.Count - 1);
        }

        example.Remove("$schema");
        File.WriteAllText(path, example.ToJsonString());
        return path;
    }

    private Task<(int Exit, string Stdout, string Stderr)> Advise(params string[] args) =>
        _process.RunAsync("", ["advise", OneTurn(), "--catalog", Catalog(), "--models-dir", _process.Home, "--max-tokens", "8", .. args]);

    [SharedModelsFact]
    public async Task RandomModelAsJudge_RepliesThatParse_AndTheSameSeedGivesTheSameVerdict()
    {
        var first = await Advise("--profiles", "stories,tiny", "--judge", "tiny", "--json", "--seed", "5");
        var second = await Advise("--profiles", "stories,tiny", "--judge", "tiny", "--json", "--seed", "5");

        Assert.True(first.Exit == 0, first.Stderr);
        using var verdict = JsonDocument.Parse(first.Stdout);
        Assert.Equal("tiny", verdict.RootElement.GetProperty("judge").GetString());
        Assert.Contains(verdict.RootElement.GetProperty("recommended").GetString(), new[] { "stories", "tiny" });
        var best = verdict.RootElement.GetProperty("bestScore").GetDouble();
        Assert.InRange(best, 1, 10);
        Assert.False(string.IsNullOrWhiteSpace(verdict.RootElement.GetProperty("sentence").GetString()));

        Assert.True(second.Exit == 0, second.Stderr);
        using var again = JsonDocument.Parse(second.Stdout);
        // The speed and memory in the sentence are measured, so they move; the choice and the scores do not.
        Assert.Equal(verdict.RootElement.GetProperty("recommended").GetString(), again.RootElement.GetProperty("recommended").GetString());
        Assert.Equal(verdict.RootElement.GetProperty("best").GetString(), again.RootElement.GetProperty("best").GetString());

        Assert.Equal(best, again.RootElement.GetProperty("bestScore").GetDouble());
        Assert.Equal(verdict.RootElement.GetProperty("recommendedScore").GetDouble(), again.RootElement.GetProperty("recommendedScore").GetDouble());
    }

    [SharedModelsFact]
    public async Task Default_PrintsOnlyTheVerdictSentence()
    {
        var (exit, stdout, stderr) = await Advise("--profiles", "tiny");

        Assert.True(exit == 0, stderr);
        var line = Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("tiny is the only tier judged: ", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--judge", "none", "advise needs a judge")]
    [InlineData("--judge", "nope", "nope")]
    [InlineData("--margin", "-1", "--margin must be a number of points from 0 to 9, not '-1'.")]
    public async Task BadInput_IsOneSentence_Exit1(string option, string value, string expected)
    {
        var (exit, stdout, stderr) = await Advise("--profiles", "tiny", option, value);

        Assert.Equal(1, exit);
        Assert.DoesNotContain("is the only tier judged", stdout, StringComparison.Ordinal); // a parse error prints the help there, never a verdict
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoProfiles_IsOneSentence_Exit1()
    {
        var (exit, _, stderr) = await _process.RunAsync("", "advise", Example);

        Assert.Equal(1, exit);
        Assert.Contains("Give the profiles to compare with --profiles", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }
}
