using System.Diagnostics;
using System.Text.Json;
using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Bench;

/// <summary>
/// tools/gpu-check: bad arguments are one sentence and exit 1, and a run that cannot go on still writes its results
/// (the GPU machine's run must report what it got, whatever stops it). The whole CPU run is .ci/run's, after the tests.
/// </summary>
public sealed class GpuCheckScriptTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modelscale-gpu-check-test").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<(int Exit, string Out, string Err)> RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("OUT");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, (await stderr).Trim());
    }

    [Fact]
    public async Task Prepare_RefusesAnUnknownArgument_InOneSentence()
    {
        var (exit, _, err) = await RunAsync("bash", RepoRoot.File("tools", "gpu-check", "prepare.sh"), "--bogus");

        Assert.Equal(1, exit);
        Assert.Equal("prepare.sh: error: unknown argument '--bogus'; see --help.", err);
    }

    [Fact]
    public async Task Run_WithoutAPackedKit_SaysToRunPrepareFirst()
    {
        var script = Path.Combine(_folder, "run.sh");
        File.Copy(RepoRoot.File("tools", "gpu-check", "run.sh"), script);

        var (exit, _, err) = await RunAsync("bash", script, "--cpu");

        Assert.Equal(1, exit);
        Assert.Equal($"run.sh: error: the kit is not packed in {_folder}; run tools/gpu-check/prepare.sh first.", err);
    }

    [Theory]
    [InlineData("--arch", "sm90", "run.sh: error: --arch must be a CUDA architecture like 90, not 'sm90'; see --help.")]
    [InlineData("--budget", "0", "run.sh: error: --budget must be a positive number of seconds; see --help.")]
    [InlineData("--jobs", "0", "run.sh: error: --jobs must be at least 1; see --help.")]
    public async Task Steps_RefuseBadOptions_InOneSentence(string option, string value, string expected)
    {
        var (exit, _, err) = await RunAsync("python3", RepoRoot.File("tools", "gpu-check", "gpu_check.py"), option, value);

        Assert.Equal(1, exit);
        Assert.Equal(expected, err);
    }

    [Fact]
    public async Task Steps_ThatCannotStart_StillWriteTheResults_AndExit1()
    {
        // gpu_check.py beside no archives: the kit is incomplete, which the results must say.
        var script = Path.Combine(_folder, "gpu_check.py");
        File.Copy(RepoRoot.File("tools", "gpu-check", "gpu_check.py"), script);
        var output = Path.Combine(_folder, "results");

        var (exit, _, err) = await RunAsync("python3", script, "--cpu", "--out", output, "--work", Path.Combine(_folder, "work"));

        Assert.Equal(1, exit);
        Assert.Contains("run tools/gpu-check/prepare.sh first", err, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "gpu-check.json")));
        Assert.Equal("failed", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("cpu", json.RootElement.GetProperty("mode").GetString());
        var error = json.RootElement.GetProperty("errors")[0];
        Assert.Equal("kit", error.GetProperty("step").GetString());
        Assert.Contains("modelscale-linux-x64.tar.xz is not beside gpu_check.py", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        var table = await File.ReadAllTextAsync(Path.Combine(output, "gpu-check.md"));
        Assert.StartsWith("# GPU check (cpu): failed", table, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "gpu-check.log")));
    }
}
