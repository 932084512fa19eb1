using System.Text.Json;
using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Commands;

/// <summary>`modelscale bench` as a script runs it: a small model end to end as JSON, and the synthetic model without a tokenizer.</summary>
public sealed class BenchCommandProcessTests : IDisposable
{
    private readonly ModelScaleProcess _process = new();

    public BenchCommandProcessTests()
    {
        _process.Environment["XDG_CACHE_HOME"] = Path.Combine(_process.Home, "cache");
        _process.Environment["MODELSCALE_BENCH_CACHE"] = "";
        _process.Environment["MODELSCALE_TEST_MODELS"] = "";
    }

    public void Dispose() => _process.Dispose();

    [Fact]
    public async Task ASmallModel_IsMeasuredWithExactTokenCountsAndASwitchBack()
    {
        var (exit, stdout, stderr) = await _process.RunAsync(
            "", "bench", "--model", OwnModels.Tiny, "--repeat", "1", "--prompt-tokens", "16", "--gen-tokens", "8", "--threads", "1", "--json");

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var target = json.RootElement.GetProperty("targets")[0];
        Assert.Equal(16, target.GetProperty("cold").GetProperty("promptTokens").GetInt32());
        Assert.Equal(8, target.GetProperty("cold").GetProperty("completionTokens").GetInt32());
        Assert.Equal(1, target.GetProperty("runs").GetArrayLength());
        Assert.Equal(8, target.GetProperty("greedyTokens").GetArrayLength());
        Assert.True(target.GetProperty("peakRssBytes").GetInt64() > 0);
        var switchBack = json.RootElement.GetProperty("switchBack");
        Assert.True(switchBack.GetProperty("wasResident").GetBoolean());
        Assert.True(switchBack.GetProperty("reused").GetBoolean());
        Assert.Contains("run 1/1", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyntheticModel_WithAMissingTokenizerDonor_IsOneSentenceAndExit1()
    {
        var missing = Path.Combine(_process.Home, "none.gguf");

        var (exit, stdout, stderr) = await _process.RunAsync("", "bench", "--repeat", "1", "--tokenizer-from", missing);

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Equal($"error: The tokenizer donor '{missing}' does not exist; give llama-2-tiny-random.gguf or leave --tokenizer-from out to use ModelScale's own vocabulary.", stderr.Trim());
        Assert.False(File.Exists(Path.Combine(_process.Home, "cache", "modelscale", "bench", "synthetic-1b-q4_0-seed42.gguf")));
    }

    [Theory]
    [InlineData("--shape", "7b", "--shape: '7b' is not a shape a synthetic model can be written in; use one of 13b, synthetic-1b, synthetic-8b.")]
    [InlineData("--scheme", "q2_k", "--scheme: 'q2_k' is not a scheme; use q4_0 or q4_k_m.")]
    public async Task AShapeOrSchemeThatCannotBeWritten_IsRefused(string option, string value, string message)
    {
        var (exit, _, stderr) = await _process.RunAsync("", "bench", "--write-only", option, value);

        Assert.Equal(1, exit);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AShape_CannotBeCombinedWithAModelFile()
    {
        var (exit, _, stderr) = await _process.RunAsync("", "bench", "--shape", "synthetic-8b", "--model", OwnModels.Tiny);

        Assert.Equal(1, exit);
        Assert.Contains("--shape and --scheme choose the synthetic model; they cannot be combined with --profiles or --model.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteOnly_WithAMissingTokenizerDonor_IsOneSentenceAndWritesNothing()
    {
        var cache = Path.Combine(_process.Home, "models");

        var (exit, stdout, stderr) = await _process.RunAsync(
            "", "bench", "--write-only", "--shape", "13b", "--scheme", "q4_k_m", "--cache-dir", cache, "--tokenizer-from", Path.Combine(_process.Home, "none.gguf"));

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Contains("--tokenizer-from", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(cache));
    }
}
