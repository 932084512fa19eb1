using Microsoft.Extensions.Time.Testing;
using ModelScale.ChatHost.Bench;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Replay;
using ModelScale.Profiles.Planning;

namespace ModelScale.ChatHost.Tests.Replay;

/// <summary>Speeds over passes, the busy flag, and the decode prediction: arithmetic on hand-made values, no model.</summary>
public sealed class SpeedAndLoadTests
{
    private sealed class ScriptedLoad(int cores, params double?[] loads) : ISystemLoad
    {
        private int _next;

        public int Cores => cores;

        public double? ReadLoadAverage() => loads[Math.Min(_next++, loads.Length - 1)];
    }

    internal static TurnResult Turn(int turn, int tokens, double decode, double ttftMs, double totalSeconds = 1) => TurnResult.From(turn, "answer", new AnswerStats
    {
        ProfileId = "x", PromptTokens = 10, CachedPromptTokens = 0, CompletionTokens = tokens,
        TimeToFirstToken = TimeSpan.FromMilliseconds(ttftMs), Total = TimeSpan.FromSeconds(totalSeconds),
        PrefillTokensPerSecond = 100, DecodeTokensPerSecond = decode, FinishReason = "length",
    }, null);

    [Fact]
    public void Repeat_GivesTheMedianAndRangeOfEachPass_DecodeWeightedByTokens()
    {
        // Pass 1: 10 tokens at 10 tok/s and 10 at 30 tok/s: 18 decoded tokens in 0.9 + 0.3 s = 15 tok/s.
        IReadOnlyList<TurnResult> first = [Turn(1, 10, 10, 100), Turn(2, 10, 30, 300)];
        IReadOnlyList<TurnResult> second = [Turn(1, 10, 20, 50), Turn(2, 10, 20, 150)];
        IReadOnlyList<TurnResult> third = [Turn(1, 10, 40, 400), Turn(2, 10, 40, 400)];

        var speed = SpeedSummary.Of([first, second, third], warmedUp: true);

        Assert.Equal(3, speed.Passes);
        Assert.True(speed.WarmedUp);
        Assert.Equal(15, speed.DecodeTokensPerSecond!.Min, 6);
        Assert.Equal(20, speed.DecodeTokensPerSecond.Median, 6);
        Assert.Equal(40, speed.DecodeTokensPerSecond.Max, 6);
        Assert.Equal(new Distribution(200, 100, 400, 3), speed.TimeToFirstTokenMs);

        var tier = new ProfileResult { Id = "t", DisplayName = "t", Status = ReplayStatus.Completed, Turns = first, Speed = speed };
        Assert.Equal(20, tier.DecodeTokensPerSecond!.Value, 6);
        Assert.Equal(TimeSpan.FromMilliseconds(200), tier.MeanTimeToFirstToken);
        Assert.Equal("20.0 (15.0–40.0)", VerdictTable.Decode(tier));
        Assert.Equal("200 ms (100 ms–400 ms)", VerdictTable.Ttft(tier));
        Assert.Equal("measured ×3", VerdictTable.Run(tier));
    }

    [Fact]
    public void OnePass_ShowsNoRange()
    {
        var speed = SpeedSummary.Of([[Turn(1, 11, 50, 80)]], warmedUp: false);
        var tier = new ProfileResult { Id = "t", DisplayName = "t", Status = ReplayStatus.Completed, Turns = [Turn(1, 11, 50, 80)], Speed = speed };

        Assert.Equal("50.0", VerdictTable.Decode(tier));
        Assert.Equal("80 ms", VerdictTable.Ttft(tier));
        Assert.Equal("measured", VerdictTable.Run(tier));
    }

    [Theory]
    [InlineData("1.33 1.66 3.40 8/179 7589", 1.33)]
    [InlineData("0.00 0.01 0.05 1/80 12\n", 0.0)]
    public void LoadAverage_IsTheFirstField(string line, double expected) => Assert.Equal(expected, ProcLoadAverage.Parse(line));

    [Theory]
    [InlineData("")]
    [InlineData("busy 1 2")]
    [InlineData("-1 0 0")]
    public void LoadAverage_ThatIsNotANumber_IsUnknown(string line) => Assert.Null(ProcLoadAverage.Parse(line));

    [Fact]
    public void Busy_WhenTheLoadWentAboveTheCores_AtAnySample()
    {
        var time = new FakeTimeProvider();
        using var watch = LoadWatch.Start(new ScriptedLoad(2, 0.5, 3.5, 1.0), time, TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(1));

        var load = watch.Stop()!;

        Assert.Equal(3.5, load.PeakLoadAverage);
        Assert.Equal(3, load.Samples);
        Assert.True(load.Busy);
        Assert.Contains("3.5 on 2 cores", load.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void NotBusy_AtOrBelowTheCores_AndUnknownWhereTheSystemDoesNotSay()
    {
        var time = new FakeTimeProvider();
        using (var calm = LoadWatch.Start(new ScriptedLoad(4, 4.0, 2.0), time, TimeSpan.FromSeconds(1)))
        {
            Assert.False(calm.Stop()!.Busy);
        }

        using var silent = LoadWatch.Start(new ScriptedLoad(4, [null]), time, TimeSpan.FromSeconds(1));
        Assert.Null(silent.Stop());
    }

    [Fact]
    public void TokenTraffic_ReadsEveryBlockAndTheHead_GpuWhatThePlanPutThere_HostTheRest()
    {
        var facts = new ModelMemoryFacts("m", [100, 100, 100, 100], TokenEmbeddingBytes: 1_000, OutputBytes: 50, HostOutputBytes: 50,
            EmbeddingLength: 64, KeyWidth: 64, ValueWidth: 64, FeedForwardLength: 256, VocabularySize: 1000, TrainingContext: 512);
        var plan = Plan(new DevicePlan("gpu0", 10_000, 2, 3, WeightBytes: 250, KvBytes: 10, ComputeBytes: 10, OverheadBytes: 10));

        var traffic = TokenTraffic.Of(facts, plan);

        // 4 blocks and the head: 450 bytes a token; the token embedding (one row a token) is not counted.
        Assert.Equal(new TokenTraffic(200, 250), traffic);
        Assert.Equal(new TokenTraffic(450, 0), TokenTraffic.Of(facts, Plan()));
    }

    [Fact]
    public void Prediction_IsBytesOverBandwidth_OnEachMemory_OneAfterTheOther()
    {
        var bandwidth = Bandwidth(hostRead: 20e9, hostDecode: 10e9, gpu: 1000e9);

        var cpu = DecodePrediction.Of(new TokenTraffic(1_000_000_000, 0), bandwidth);
        Assert.Equal(10, cpu.TokensPerSecond!.Value, 6);
        Assert.Contains("a CPU decode of synthetic-1b", cpu.Basis, StringComparison.Ordinal);

        // 0.5 GB at 10 GB/s (0.05 s) + 4 GB at 1000 GB/s (0.004 s): 1 / 0.054 s.
        var split = DecodePrediction.Of(new TokenTraffic(500_000_000, 4_000_000_000), bandwidth);
        Assert.Equal(1 / 0.054, split.TokensPerSecond!.Value, 6);

        // Without a decode, the plain read is what there is.
        var readOnly = DecodePrediction.Of(new TokenTraffic(1_000_000_000, 0), Bandwidth(20e9, null, null));
        Assert.Equal(20, readOnly.TokensPerSecond!.Value, 6);
        Assert.Contains("a timed read of host memory", readOnly.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void Prediction_WithoutAMeasuredBandwidth_IsUnknown_AndSaysHowToMeasureIt()
    {
        var never = DecodePrediction.Of(new TokenTraffic(1_000, 0), null);
        Assert.Null(never.TokensPerSecond);
        Assert.Equal(DecodePrediction.Unmeasured, never.Basis);

        var noGpu = DecodePrediction.Of(new TokenTraffic(1_000, 5_000), Bandwidth(20e9, 10e9, null));
        Assert.Null(noGpu.TokensPerSecond);
        Assert.Contains("GPU bandwidth not measured", noGpu.Basis, StringComparison.Ordinal);

        var tier = new ProfileResult { Id = "7b", DisplayName = "7b", Status = ReplayStatus.Skipped, Reason = "not on disk", Prediction = never, Plan = new ReplayPlan(0, 29, 4096, 0, 5L << 30, true, "cpu") };
        Assert.Equal("unknown", VerdictTable.Predicted(tier));
        Assert.Null(tier.SecondsPerThousandTokens);
        Assert.StartsWith("unknown: memory bandwidth not measured yet", ReportText.Bandwidth(null), StringComparison.Ordinal);
    }

    [Fact]
    public void CachedBandwidth_ReadsTheFolderBenchWasGiven_ElseTheOneBenchUsesByDefault()
    {
        var root = Path.Combine(Path.GetTempPath(), $"modelscale-bench-cache-{Guid.NewGuid():N}");
        try
        {
            // bench --cache-dir DIR wrote here; the default folder (XDG_CACHE_HOME/modelscale/bench) holds an older figure.
            var given = Path.Combine(root, "given");
            var env = new Remote.RemoteTierFixture.TestEnvironment(new() { ["XDG_CACHE_HOME"] = Path.Combine(root, "xdg") });
            var measured = Bandwidth(30e9, 12e9, null) with { Cpu = MachineFacts.CpuName() };
            new BandwidthCache(given).Write(measured);
            new BandwidthCache(BenchCacheFolder.Resolve(env, null)).Write(measured with { HostReadBytesPerSecond = 1e9 });

            Assert.Equal(measured, new CachedBandwidth(env, given).Read());
            Assert.Equal(1e9, new CachedBandwidth(env).Read()!.HostReadBytesPerSecond);
            Assert.Null(new CachedBandwidth(env, Path.Combine(root, "empty")).Read());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void BandwidthCache_ReadsBackWhatBenchWrote_OnlyOnTheSameCpu()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"modelscale-bandwidth-{Guid.NewGuid():N}");
        try
        {
            var cache = new BandwidthCache(folder);
            Assert.Null(cache.Read("cpu"));
            var measured = Bandwidth(20e9, 10e9, null);
            cache.Write(measured);

            Assert.Equal(measured, cache.Read(measured.Cpu));
            Assert.Null(cache.Read("another CPU"));
            File.WriteAllText(cache.Path, "{ not json");
            Assert.Null(cache.Read(measured.Cpu));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void HostRead_MeasuresAPositiveBandwidth()
    {
        var bytesPerSecond = BandwidthProbe.MeasureHostRead(threads: 1, bytes: 8 << 20);

        Assert.True(bytesPerSecond > 1e6, $"{bytesPerSecond} bytes/s");
    }

    internal static MemoryBandwidth Bandwidth(double hostRead, double? hostDecode, double? gpu) =>
        new(hostRead, hostDecode, gpu, 2, "test CPU", "synthetic-1b", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    private static OffloadPlan Plan(params DevicePlan[] devices) => new()
    {
        Model = "m",
        GpuLayers = devices.Sum(d => d.Layers),
        TotalLayers = 5,
        RequestedContext = 512,
        Context = 512,
        KvCacheType = KvCacheType.F16,
        BatchSize = 512,
        Parallel = 1,
        MarginBytes = 0,
        Devices = devices,
        Host = new HostPlan(1_000, 0, 0, 0, 0, 1L << 30),
        Fits = true,
        Reason = "test",
    };
}
