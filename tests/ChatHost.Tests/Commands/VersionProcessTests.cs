using System.Text.RegularExpressions;
using ModelScale.ChatHost.Hosting;
using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Commands;

/// <summary>`modelscale --version`: this build's version and commit, and the llama.cpp build underneath.</summary>
public sealed partial class VersionProcessTests
{
    [Fact]
    public async Task Version_PrintsTheVersion_TheCommit_AndTheLlamaCppBuild()
    {
        using var process = new ModelScaleProcess();

        var (exit, stdout, stderr) = await process.RunAsync(string.Empty, "--version");

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, stderr);
        var lines = stdout.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(2, lines.Length);
        Assert.Matches(FirstLine(), lines[0]);
        Assert.Equal($"llama.cpp {ProgramVersion.LlamaCppBuild} (commit {ProgramVersion.LlamaCppCommit}), through LLamaSharp {ProgramVersion.LlamaSharpVersion}", lines[1]);
    }

    [Fact]
    public void TheLlamaSharpVersionNamed_IsTheOnePinned()
    {
        // LLamaSharp's assembly carries no version (0.0.0.0), so the pin in Directory.Packages.props is the truth.
        var pins = System.Xml.Linq.XDocument.Load(RepoRoot.File("Directory.Packages.props"));
        var versions = pins.Descendants("PackageVersion")
            .Where(p => ((string?)p.Attribute("Include"))?.StartsWith("LLamaSharp", StringComparison.Ordinal) == true)
            .Select(p => (string?)p.Attribute("Version"))
            .ToList();

        Assert.NotEmpty(versions);
        Assert.All(versions, v => Assert.Equal(ProgramVersion.LlamaSharpVersion, v));
    }

    [Theory]
    [InlineData("0.1.0+0123456789abcdef0123456789abcdef01234567", "0.1.0", "0123456789ab")]
    [InlineData("1.2.3-beta.1+abc", "1.2.3-beta.1", "abc")]
    [InlineData("0.1.0", "0.1.0", "unknown")]
    [InlineData(null, "unknown", "unknown")]
    public void TheInformationalVersion_IsSplitIntoVersionAndCommit(string? informational, string version, string commit)
    {
        Assert.Equal((version, commit), ProgramVersion.Parse(informational));
    }

    /// <summary>"modelscale 0.1.0 (commit 1a2b3c4d5e6f)": the tests are built from a git checkout, so the commit is known.</summary>
    [GeneratedRegex(@"^modelscale \d+\.\d+\.\d+\S* \(commit [0-9a-f]{12}\)$")]
    private static partial Regex FirstLine();
}
