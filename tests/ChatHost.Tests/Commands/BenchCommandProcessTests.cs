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
    public async Task A_small_model_is_measured_with_exact_token_counts_and_a_switch_back()
    {
        var (exit, stdout, stderr) = await _process.RunAsync(
            "", "bench", "--model", TestModels.Stories260K, "--repeat", "1", "--prompt-tokens", "16", "--gen-tokens", "8", "--threads", "2", "--json");

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
    public async Task The_synthetic_model_without_a_tokenizer_is_one_sentence_and_exit_1()
    {
        var (exit, stdout, stderr) = await _process.RunAsync("", "bench", "--repeat", "1");

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Contains("--tokenizer-from", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_process.Home, "cache", "modelscale", "bench", "synthetic-1b-q4_0-seed42.gguf")));
    }

    [Theory]
    [InlineData("--shape", "7b", "--shape: '7b' is not a shape a synthetic model can be written in; use one of 13b, synthetic-1b, synthetic-8b.")]
    [InlineData("--scheme", "q2_k", "--scheme: 'q2_k' is not a scheme; use q4_0 or q4_k_m.")]
    public async Task A_shape_or_scheme_that_cannot_be_written_is_refused(string option, string value, string message)
    {
        var (exit, _, stderr) = await _process.RunAsync("", "bench", "--write-only", option, value);

        Assert.Equal(1, exit);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shape_cannot_be_combined_with_a_model_file()
    {
        var (exit, _, stderr) = await _process.RunAsync("", "bench", "--shape", "synthetic-8b", "--model", TestModels.Stories260K);

        Assert.Equal(1, exit);
        Assert.Contains("--shape and --scheme choose the synthetic model; they cannot be combined with --profiles or --model.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_only_without_a_tokenizer_is_one_sentence_and_writes_nothing()
    {
        var cache = Path.Combine(_process.Home, "models");

        var (exit, stdout, stderr) = await _process.RunAsync("", "bench", "--write-only", "--shape", "13b", "--scheme", "q4_k_m", "--cache-dir", cache);

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Contains("--tokenizer-from", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(cache));
    }
}
