using ModelScale.Tests.Shared;
using System.Text.Json;

namespace ModelScale.ChatHost.Tests.Commands;

/// <summary>`modelscale gpus` as a script runs it: detection on this (GPU-less) machine, overrides, --json, errors.</summary>
public sealed class GpusCommandProcessTests : IDisposable
{
    private readonly ModelScaleProcess _process = new();

    public void Dispose() => _process.Dispose();

    [MachineFact(MachineNeed.NoNvidiaDriver)]
    public async Task OnThisMachine_ItSaysThereIsNoGpu_AndWhatEachSourceSaid()
    {
        var (exit, stdout, stderr) = await _process.RunAsync("", "gpus");

        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        Assert.Contains("No GPU found: plans will run on the CPU.", stdout);
        Assert.Contains("Host RAM: ", stdout);
        Assert.Contains("NVML: not available (", stdout);
        Assert.Contains("llama.cpp: CPU backend only.", stdout);
        Assert.DoesNotContain('\u001b', stdout);
    }

    [Fact]
    public async Task Vram_ListsTheOverrideDevices_InATable()
    {
        var (exit, stdout, _) = await _process.RunAsync("", "gpus", "--vram", "24GiB,8GiB");

        Assert.Equal(0, exit);
        Assert.Contains("override 0", stdout);
        Assert.Contains("override 1", stdout);
        Assert.Contains("24.0 GiB", stdout);
        Assert.Contains("Override: --vram 24GiB,8GiB gives 2 GPUs; detection skipped.", stdout);
        Assert.DoesNotContain("No GPU found", stdout);
    }

    [Fact]
    public async Task Json_IsAStableDocument_AndTheOptionBeatsTheEnvironment()
    {
        _process.Environment["MODELSCALE_VRAM"] = "8GiB";
        _process.Environment["MODELSCALE_RAM"] = "16GiB";

        var (exit, stdout, _) = await _process.RunAsync("", "gpus", "--vram", "24GiB", "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal("override", root.GetProperty("source").GetString());
        var device = Assert.Single(root.GetProperty("devices").EnumerateArray());
        Assert.Equal(0, device.GetProperty("index").GetInt32());
        Assert.Equal("override 0", device.GetProperty("name").GetString());
        Assert.Equal(24L << 30, device.GetProperty("totalBytes").GetInt64());
        Assert.Equal(24L << 30, device.GetProperty("freeBytes").GetInt64());
        Assert.Equal("override", device.GetProperty("source").GetString());
        var host = root.GetProperty("hostMemory");
        Assert.Equal(16L << 30, host.GetProperty("availableBytes").GetInt64());
        Assert.Equal("MODELSCALE_RAM", host.GetProperty("source").GetString());
        Assert.Single(root.GetProperty("notes").EnumerateArray());
    }

    [Fact]
    public async Task TheEnvironment_IsUsedWithoutTheOption_AndNoneMeansACpuPlan()
    {
        _process.Environment["MODELSCALE_VRAM"] = "none";

        var (exit, stdout, _) = await _process.RunAsync("", "gpus", "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(stdout);
        Assert.Empty(json.RootElement.GetProperty("devices").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("source").ValueKind);
        Assert.Equal("Override: MODELSCALE_VRAM none gives no GPU; detection skipped.", json.RootElement.GetProperty("notes")[0].GetString());
    }

    [Theory]
    [InlineData("--vram", "24XB", "error: --vram: '24XB' is not a size;")]
    [InlineData("MODELSCALE_VRAM", "lots", "error: MODELSCALE_VRAM: 'lots' is not a size;")]
    [InlineData("MODELSCALE_RAM", "plenty", "error: MODELSCALE_RAM: 'plenty' is not a size;")]
    public async Task ABadOverride_IsOneLineOnStderr_WithExitCode1(string where, string value, string expected)
    {
        string[] args = ["gpus"];
        if (where.StartsWith("--", StringComparison.Ordinal))
        {
            args = [.. args, where, value];
        }
        else
        {
            _process.Environment[where] = value;
        }

        var (exit, stdout, stderr) = await _process.RunAsync("", args);

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith(expected, stderr);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
    }
}
