using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Commands;

/// <summary>Drives the built `modelscale` executable as a script would: piped stdin, exit codes, stderr.</summary>
public sealed class ChatCommandProcessTests : IDisposable
{
    private readonly ModelScaleProcess _process = new();

    public void Dispose() => _process.Dispose();

    private Task<(int Exit, string Out, string Err)> RunAsync(string stdin, params string[] args) => _process.RunAsync(stdin, args);

    [Fact]
    public async Task PipedChat_PrintsOnlyAnswersOnStdout_WithoutColour_AndExitsZero()
    {
        var (exit, stdout, stderr) = await RunAsync("Hello\nTell me more\n", "chat", "--model", OwnModels.Tiny, "--max-tokens", "12");

        Assert.Equal(0, exit);
        Assert.True(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length >= 2, stdout);
        Assert.DoesNotContain("loaded in", stdout, StringComparison.Ordinal);
        Assert.False(stdout.Contains('\u001b', StringComparison.Ordinal), stdout.Replace("\u001b", "<ESC>", StringComparison.Ordinal));
        Assert.False(stderr.Contains('\u001b', StringComparison.Ordinal), stderr.Replace("\u001b", "<ESC>", StringComparison.Ordinal));
        Assert.Contains("tiny (tiny.gguf): loaded in", stderr);
    }

    [Fact]
    public async Task SessionWithoutConnect_IsRefused()
    {
        var (exit, _, stderr) = await RunAsync("", "chat", "--session", "abc");

        Assert.Equal(1, exit);
        Assert.Contains("--session continues a session of a running service; give its URL with --connect.", stderr);
    }

    [Fact]
    public async Task UnknownProfile_IsOneSentenceOnStderr_WithExitCode1()
    {
        var (exit, stdout, stderr) = await RunAsync("", "chat", "--profile", "nope");

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("error: Unknown profile 'nope'. Valid ids: 1b, 7b, 13b, 70b.", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public async Task ProfileNotOnDisk_SaysWhereItLookedAndHowToGetIt()
    {
        var (exit, _, stderr) = await RunAsync("", "chat", "--profile", "7b", "--models-dir", _process.Home);

        Assert.Equal(1, exit);
        Assert.Contains(Path.Combine(_process.Home, "Qwen2.5-7B-Instruct-Q4_K_M.gguf"), stderr);
        Assert.Contains("huggingface.co/bartowski/Qwen2.5-7B-Instruct-GGUF", stderr);
    }

    [Fact]
    public async Task GgufV1AtStart_IsAClearErrorNotACrash()
    {
        var (exit, _, stderr) = await RunAsync("", "chat", "--model", OwnModels.GgufV1);

        Assert.Equal(1, exit);
        Assert.Contains("GGUF version 1", stderr);
    }

    [Fact]
    public async Task MalformedCatalog_NamesFileLineAndColumn()
    {
        var catalog = Path.Combine(_process.Home, "bad.json");
        await File.WriteAllTextAsync(catalog, "{\n  \"version\": 1,\n  \"profiles\": [ { \"id\": \"x\" ]\n}\n");

        var (exit, _, stderr) = await RunAsync("", "chat", "--catalog", catalog);

        Assert.Equal(1, exit);
        Assert.Contains("bad.json", stderr);
        Assert.Contains("line 3", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public async Task BadOptionValue_IsRejectedWithNonZeroExit()
    {
        var (exit, _, stderr) = await RunAsync("", "chat", "--model", OwnModels.Tiny, "--temperature", "5");

        Assert.NotEqual(0, exit);
        Assert.Contains("--temperature must be a number from 0 to 2, not '5'.", stderr);
    }
}
