using System.Text.Json;
using ModelScale.ChatHost.Terminal;
using ModelScale.Profiles.Hardware;
using Spectre.Console.Testing;

namespace ModelScale.ChatHost.Tests.Terminal;

public sealed class GpuReportViewTests
{
    private static readonly HostMemoryInfo Host = new(20L << 30, 32L << 30, "/proc/meminfo");

    private static string Render(GpuReport report)
    {
        var console = new TestConsole();
        console.Profile.Width = 200;
        GpuReportView.Render(console, report);
        return console.Output;
    }

    [Fact]
    public void Gpus_AreATableWithIndexNameTotalFreeAndSource()
    {
        var scan = new GpuScan(
            [new GpuDevice(0, "NVIDIA GeForce RTX 4090", 24L << 30, 20L << 30, GpuSource.Nvml)],
            ["NVML: 1 NVIDIA GPU.", "llama.cpp: CPU backend only."]);

        var output = Render(new GpuReport(scan, Host));

        var row = output.Split('\n').Single(l => l.Contains("RTX 4090", StringComparison.Ordinal));
        Assert.Matches(@"0\s*│\s*NVIDIA GeForce RTX 4090\s*│\s*24\.0 GiB\s*│\s*20\.0 GiB\s*│\s*NVML", row);
        Assert.Contains("Host RAM: 20.0 GiB free of 32.0 GiB (/proc/meminfo)", output);
        Assert.Contains("NVML: 1 NVIDIA GPU.", output);
        Assert.Contains("llama.cpp: CPU backend only.", output);
        Assert.DoesNotContain(GpuReportView.NoGpu, output);
    }

    [Fact]
    public void NoGpu_SaysPlansRunOnTheCpu()
    {
        var output = Render(new GpuReport(new GpuScan([], ["NVML: not available (libnvidia-ml.so.1 not found)."]), Host));

        Assert.Contains("No GPU found: plans will run on the CPU.", output);
        Assert.Contains("NVML: not available (libnvidia-ml.so.1 not found).", output);
        Assert.DoesNotContain("│", output);
    }

    [Fact]
    public void Json_HasStableCamelCaseFields_AndKeepsNulls()
    {
        var vulkan = new GpuDevice(1, "AMD Radeon (Vulkan0)", 16L << 30, 15L << 30, GpuSource.LlamaCpp);
        var scan = new GpuScan([vulkan], ["llama.cpp: 1 GPU (Vulkan0)."]) { Detected = [vulkan] };
        var report = new GpuReport(scan, new HostMemoryInfo(1 << 30, null, ".NET runtime"));

        using var json = JsonDocument.Parse(OutputJson.Serialize(GpuReportJson.From(report)));

        var root = json.RootElement;
        Assert.Equal(["devices", "source", "hostMemory", "notes", "detected"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("llamaCpp", root.GetProperty("detected")[0].GetProperty("source").GetString());
        var device = root.GetProperty("devices")[0];
        Assert.Equal(["index", "name", "totalBytes", "freeBytes", "source"], device.EnumerateObject().Select(p => p.Name));
        Assert.Equal("llamaCpp", device.GetProperty("source").GetString());
        Assert.Equal("llamaCpp", root.GetProperty("source").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("hostMemory").GetProperty("totalBytes").ValueKind);
    }
}
