using System.Diagnostics;
using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Commands;

/// <summary>Drives the built `modelscale` executable as a script would: piped stdin, exit codes, stderr.</summary>
public sealed class ChatCommandProcessTests : IDisposable
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), $"modelscale-home-{Guid.NewGuid():N}");

    public ChatCommandProcessTests() => Directory.CreateDirectory(_home);

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private async Task<(int Exit, string Out, string Err)> RunAsync(string stdin, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _home,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "modelscale.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Keep the user's own catalog and models folder out of the test.
        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(_home, "config");
        start.Environment["XDG_DATA_HOME"] = Path.Combine(_home, "data");
        start.Environment.Remove("MODELSCALE_MODELS_DIR");
        start.Environment.Remove("MODELSCALE_CATALOG");

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task PipedChat_PrintsOnlyAnswersOnStdout_WithoutColour_AndExitsZero()
    {
        var (exit, stdout, stderr) = await RunAsync("Hello\nTell me more\n", "chat", "--model", TestModels.Stories260K, "--max-tokens", "12");

        Assert.Equal(0, exit);
        Assert.True(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length >= 2, stdout);
        Assert.DoesNotContain("loaded in", stdout, StringComparison.Ordinal);
        Assert.False(stdout.Contains('\u001b', StringComparison.Ordinal), stdout.Replace("\u001b", "<ESC>", StringComparison.Ordinal));
        Assert.False(stderr.Contains('\u001b', StringComparison.Ordinal), stderr.Replace("\u001b", "<ESC>", StringComparison.Ordinal));
        Assert.Contains("stories260K (stories260K.gguf): loaded in", stderr);
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
        var (exit, _, stderr) = await RunAsync("", "chat", "--profile", "7b", "--models-dir", _home);

        Assert.Equal(1, exit);
        Assert.Contains(Path.Combine(_home, "Qwen2.5-7B-Instruct-Q4_K_M.gguf"), stderr);
        Assert.Contains("huggingface.co/bartowski/Qwen2.5-7B-Instruct-GGUF", stderr);
    }

    [Fact]
    public async Task GgufV1AtStart_IsAClearErrorNotACrash()
    {
        var (exit, _, stderr) = await RunAsync("", "chat", "--model", TestModels.GgufV1);

        Assert.Equal(1, exit);
        Assert.Contains("GGUF version 1", stderr);
    }

    [Fact]
    public async Task MalformedCatalog_NamesFileLineAndColumn()
    {
        var catalog = Path.Combine(_home, "bad.json");
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
        var (exit, _, stderr) = await RunAsync("", "chat", "--model", TestModels.Stories260K, "--temperature", "5");

        Assert.NotEqual(0, exit);
        Assert.Contains("--temperature must be between 0 and 2.", stderr);
    }
}
