using System.Diagnostics;
using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Bench;

/// <summary>tools/native-cpu/build.sh refuses what it cannot build from with one sentence, before cmake runs.</summary>
public sealed class NativeBuildScriptTests
{
    private static async Task<(int Exit, string Err)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(RepoRoot.File("tools", "native-cpu", "build.sh"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await stderr).Trim());
    }

    [MachineFact(MachineNeed.Linux)]
    public async Task WithoutASource_ItSaysWhichCheckoutItNeeds()
    {
        var (exit, err) = await RunAsync();

        Assert.Equal(2, exit);
        Assert.Equal("error: --source is required: a clone of ggml-org/llama.cpp checked out at 815a2a5915f22ce6a760c676389c5dfe8535c08f.", err);
    }

    [MachineFact(MachineNeed.Linux)]
    public async Task AFolderThatIsNotLlamaCpp_IsRefused()
    {
        var folder = Directory.CreateTempSubdirectory("modelscale-not-llama").FullName;
        try
        {
            var (exit, err) = await RunAsync("--source", folder);

            Assert.Equal(2, exit);
            Assert.Equal($"error: '{folder}' is not a llama.cpp source tree (no CMakeLists.txt and ggml/src/ggml-cpu).", err);
        }
        finally
        {
            Directory.Delete(folder);
        }
    }

    [MachineFact(MachineNeed.Linux)]
    public async Task AnUnknownArgument_IsRefused()
    {
        var (exit, err) = await RunAsync("--fast");

        Assert.Equal(2, exit);
        Assert.Equal("error: unknown argument '--fast'; see --help.", err);
    }
}
