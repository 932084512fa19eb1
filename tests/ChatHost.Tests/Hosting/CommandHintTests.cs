using ModelScale.ChatHost.Hosting;
using ModelScale.ChatHost.Service;
using ModelScale.ChatHost.Terminal;

namespace ModelScale.ChatHost.Tests.Hosting;

/// <summary>Hints say the command the way the user can run it, never `modelscale ...` when modelscale is not what they ran.</summary>
public sealed class CommandHintTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"modelscale-hint-{Guid.NewGuid():N}");

    public CommandHintTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void FromASourceTreeBuild_ItIsDotnetRunWithTheProjectRelativeToTheWorkingDirectory()
    {
        var project = Path.Combine(_root, "repo", "src", "ChatHost");
        var output = Path.Combine(project, "bin", "Debug", "net10.0");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(project, SourceTree.ProjectFileName), "<Project />");

        var text = CommandHint.ProgramText(Path.Combine(output, "modelscale"), output, Path.Combine(_root, "repo"), pathVariable: output);

        Assert.Equal($"dotnet run --project src{Path.DirectorySeparatorChar}ChatHost --", text);
        Assert.True(SourceTree.IsBuildOutput(Path.Combine(output, "modelscale")));
    }

    [Fact]
    public void ThroughTheDotnetHost_ItIsDotnetAndTheDll()
    {
        var app = Path.Combine(_root, "app");
        Directory.CreateDirectory(app);

        Assert.Equal($"dotnet .{Path.DirectorySeparatorChar}modelscale.dll", CommandHint.ProgramText("/usr/bin/dotnet", app, app, "/usr/bin"));
        Assert.Equal($"dotnet {Path.Combine(app, "modelscale.dll")}", CommandHint.ProgramText("/usr/bin/dotnet", app, Path.Combine(_root, "elsewhere"), "/usr/bin"));
        Assert.False(SourceTree.IsBuildOutput(app));
    }

    [Fact]
    public void OnThePath_ItIsTheName_ElseThePath()
    {
        var tools = Path.Combine(_root, "tools");
        var exe = Path.Combine(tools, "modelscale");

        Assert.Equal("modelscale", CommandHint.ProgramText(exe, tools, _root, $"/usr/bin{Path.PathSeparator}{tools}"));
        Assert.Equal($"tools{Path.DirectorySeparatorChar}modelscale", CommandHint.ProgramText(exe, tools, _root, "/usr/bin"));
    }

    [Fact]
    public void TheOptionsThatWereGiven_AreRepeated_AndQuotedForTheShell()
    {
        var hint = new CommandHint("modelscale", CommandHint.RepeatedOptions("/tmp/my catalog.json", "/m"));

        Assert.Equal("modelscale pull 1b --catalog '/tmp/my catalog.json' --models-dir /m", hint.For("pull", "1b"));
    }
}
