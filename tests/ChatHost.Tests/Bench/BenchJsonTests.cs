using System.Text.Json;
using ModelScale.ChatHost.Bench;

namespace ModelScale.ChatHost.Tests.Bench;

public sealed class BenchJsonTests
{
    private static readonly Distribution D = new(2, 1, 3, 3);

    private static BenchReport Report() => new()
    {
        Version = "1.0",
        When = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero),
        Machine = new MachineFacts("Linux", "AMD EPYC", 2, true, true, 24L << 30, "CPU : AVX512 = 1", "backend package"),
        Settings = new BenchSettings { Threads = 1, Context = 768, BatchSize = 512 },
        Targets =
        [
            new BenchTargetResult
            {
                Profile = "synthetic-1b",
                Path = "/cache/synthetic-1b-q4_0-seed42.gguf",
                FileBytes = 622_087_648,
                PromptChecksum = "fnv1a64:0000000000000001",
                Cold = new BenchRun(900, 60, 30, 8000, 512, 0, 128),
                Runs = [new BenchRun(800, 61, 31, 7900, 512, 0, 128)],
                LoadMilliseconds = D,
                PrefillTokensPerSecond = D,
                DecodeTokensPerSecond = D,
                TimeToFirstTokenMilliseconds = D,
                PeakRssBytes = 800L << 20,
                GreedyTokens = [1, 2, 3],
            },
        ],
    };

    [Fact]
    public void Report_HasStableCamelCaseFields_AndKeepsNulls()
    {
        using var json = JsonDocument.Parse(BenchJsonContext.Serialize(Report()));
        var root = json.RootElement;

        Assert.Equal(
            ["tool", "version", "when", "machine", "settings", "targets", "switchBack", "parallel"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("modelscale", root.GetProperty("tool").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("switchBack").ValueKind);
        Assert.Equal(512, root.GetProperty("settings").GetProperty("promptTokens").GetInt32());
        var target = root.GetProperty("targets")[0];
        Assert.Equal(2, target.GetProperty("decodeTokensPerSecond").GetProperty("median").GetDouble());
        Assert.Equal(128, target.GetProperty("cold").GetProperty("completionTokens").GetInt32());
        Assert.Equal(3, target.GetProperty("greedyTokens").GetArrayLength());
        Assert.True(target.TryGetProperty("peakRssBytes", out _));
        Assert.True(target.TryGetProperty("promptChecksum", out _));
    }

    [Fact]
    public void SwitchBack_AndParallel_CarryTheirVerdicts()
    {
        var report = Report() with
        {
            SwitchBack = new SwitchBackResult
            {
                From = "a",
                Via = "b",
                FirstLoadMilliseconds = 900,
                SwitchMilliseconds = new Distribution(0.1, 0.05, 0.2, 5),
                WasResident = true,
                Cycles = 5,
                Reused = true,
                CachedBeforeSwitch = 143,
                FollowUpPromptTokens = 163,
                FollowUpCachedTokens = 143,
                FollowUpTimeToFirstTokenMilliseconds = 250,
            },
            Parallel = new ParallelResult
            {
                Sequences = 4,
                PromptTokens = 64,
                GenTokens = 128,
                PrefillChunk = 32,
                SingleTokensPerSecond = new Distribution(30, 29, 31, 3),
                AggregateTokensPerSecond = new Distribution(36, 35, 37, 3),
                PerSequenceTokensPerSecond = [9, 9, 9, 9.5],
                Fairness = 1.0,
                LateJoinTimeToFirstTokenMilliseconds = new Distribution(400, 390, 420, 3),
                OthersTokensDuringJoin = 6,
                LongestGapMilliseconds = 300,
            },
        };

        using var json = JsonDocument.Parse(BenchJsonContext.Serialize(report));

        Assert.True(json.RootElement.GetProperty("switchBack").GetProperty("meetsTarget").GetBoolean());
        Assert.Equal(1.2, json.RootElement.GetProperty("parallel").GetProperty("speedup").GetDouble(), 3);
        Assert.True(json.RootElement.GetProperty("parallel").GetProperty("meetsTarget").GetBoolean());
    }
}
