using System.Text.Json;
using ModelScale.Profiles.Synthetic;
using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Commands;

/// <summary>`modelscale plan` as a script runs it: real and header-only files, --vram and --ram, --json, --verify, bad input.</summary>
public sealed class PlanCommandProcessTests : IDisposable
{
    private readonly ModelScaleProcess _process = new();
    private readonly string _tier70b;

    public PlanCommandProcessTests()
    {
        _tier70b = Path.Combine(_process.Home, "tier-70b-q4_k_m.gguf");
        new SyntheticGgufWriter(ModelShapes.Llama33_70B, QuantizationScheme.Q4_K_M).WriteHeaderOnly(_tier70b);
    }

    public void Dispose() => _process.Dispose();

    [Fact]
    public async Task AModelOnAMachineWithoutGpu_GetsACpuPlan()
    {
        var (exit, stdout, stderr) = await _process.RunAsync("", "plan", OwnModels.Tiny, "--vram", "none");

        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        Assert.Contains("0/6 layers: no GPU, all on the CPU", stdout, StringComparison.Ordinal);
        Assert.Contains("host RAM", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', stdout);
    }

    [Fact]
    public async Task AHeaderOnly70B_IsPlannedForAnotherMachineAsJson()
    {
        var (exit, stdout, _) = await _process.RunAsync("", "plan", "--model", _tier70b, "--vram", "24GiB", "--ram", "64GiB", "--ctx", "8192", "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.True(root.GetProperty("fits").GetBoolean());
        var layers = root.GetProperty("gpuLayers").GetInt32();
        Assert.InRange(layers, 1, 80);
        Assert.Equal(81, root.GetProperty("totalLayers").GetInt32());
        var device = root.GetProperty("devices")[0];
        Assert.Equal(layers, device.GetProperty("layers").GetInt32());
        Assert.True(device.GetProperty("totalBytes").GetInt64() <= (23L << 30));
        Assert.StartsWith($"{layers}/81 layers: 24.0 GiB free, 1.0 GiB margin, KV 2.5 GiB at ctx 8192", root.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AModelThatDoesNotFit_SaysSoAndExits1()
    {
        var (exit, stdout, _) = await _process.RunAsync("", "plan", "--model", _tier70b, "--vram", "none", "--ram", "8GiB");

        Assert.Equal(1, exit);
        Assert.Contains("does not fit", stdout, StringComparison.Ordinal);
        Assert.Contains("Not even a context of 512 tokens fits", stdout, StringComparison.Ordinal);
    }

    // The shared model: the planner's compute-buffer estimate is 8-26% over llama.cpp's on the tests' own 64-wide models.
    [SharedModelsFact]
    public async Task Verify_LoadsTheModelAndSetsThePlanBesideLlamaCpp()
    {
        var (exit, stdout, stderr) = await _process.RunAsync("", "plan", TestModels.TinyRandom, "--ctx", "2048", "--verify", "--json");

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var checks = json.RootElement.GetProperty("verify").EnumerateArray().ToList();
        Assert.Equal(["weights", "KV cache", "compute", "output", "total"], checks.Select(c => c.GetProperty("buffer").GetString()));
        Assert.All(checks, c => Assert.True(c.GetProperty("measuredBytes").GetInt64() > 0));
        Assert.All(checks, c => Assert.InRange(c.GetProperty("errorPercent").GetDouble(), -5, 5));
        var measured = json.RootElement.GetProperty("measured").EnumerateArray().ToList();
        Assert.Contains(measured, b => b.GetProperty("kind").GetString() == "KV" && b.GetProperty("device").GetString() == "CPU" && b.GetProperty("host").GetBoolean());
        Assert.Equal(checks[^1].GetProperty("measuredBytes").GetInt64(), measured.Sum(b => b.GetProperty("bytes").GetInt64()));

        // The embeddings context is opened too, and its plan (2048 rows of 32,000 logits) is set beside llama.cpp's.
        var embeddings = json.RootElement.GetProperty("embeddings");
        var predicted = embeddings.GetProperty("totalBytes").GetInt64();
        var allocated = embeddings.GetProperty("measuredBytes").GetInt64();
        Assert.Equal(2048, embeddings.GetProperty("context").GetInt32());
        Assert.InRange(predicted, allocated * 0.95, allocated * 1.05);
        Assert.Equal(allocated, embeddings.GetProperty("measured").EnumerateArray().Sum(b => b.GetProperty("bytes").GetInt64()));
    }

    [Theory]
    [InlineData("--kv-type", "q3")]
    [InlineData("--vram", "24")]
    [InlineData("--ram", "lots")]
    [InlineData("--margin", "-1GiB")]
    [InlineData("--ctx", "0")]
    public async Task BadOptions_AreRefusedWithExit1(string option, string value)
    {
        var (exit, _, stderr) = await _process.RunAsync("", "plan", OwnModels.Tiny, option, value);

        Assert.Equal(1, exit);
        Assert.Contains(option, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_RefusesAHeaderOnlyFileInOneSentence()
    {
        var (exit, _, stderr) = await _process.RunAsync("", "plan", _tier70b, "--verify", "--ram", "256GiB");

        Assert.Equal(1, exit);
        Assert.Contains("holds only a header", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Chat_PrintsThePlanItLoadedWith()
    {
        var (exit, _, stderr) = await _process.RunAsync("/exit\n", "chat", "--model", OwnModels.Tiny);

        Assert.Equal(0, exit);
        Assert.Contains("plan: 0/6 layers: no GPU", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACatalogTierNotOnDisk_IsPlannedFromItsShape()
    {
        var (exit, stdout, stderr) = await _process.RunAsync("", "plan", "70b", "--vram", "48GiB", "--ram", "64GiB", "--json");

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal("not on disk; planned from the built-in 70b shape at Q4_K_M", root.GetProperty("path").GetString());
        Assert.Equal(81, root.GetProperty("gpuLayers").GetInt32());
        Assert.Contains(root.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("modelscale.dll pull 70b` downloads it", StringComparison.Ordinal));
    }
}
