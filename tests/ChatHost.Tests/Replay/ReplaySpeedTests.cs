using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using ModelScale.ChatHost.Bench;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Replay;
using ModelScale.ChatHost.Replay.Quality;
using ModelScale.ChatHost.Sessions;
using ModelScale.ChatHost.Tests.Engine;
using ModelScale.ChatHost.Tests.Sessions;
using ModelScale.Profiles.Catalog;
using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Replay;

/// <summary>Warm-up, --repeat, the busy flag, planned tiers and determinism through the real runner, on the own random models.</summary>
public sealed class ReplaySpeedTests
{
    private sealed class BusyMachine : ISystemLoad
    {
        public int Cores => 2;

        public double? ReadLoadAverage() => 9.5;
    }

    private sealed class Measured(MemoryBandwidth? bandwidth) : IBandwidthSource
    {
        public MemoryBandwidth? Read() => bandwidth;
    }

    /// <summary>A judge whose score depends only on the answer's text, so the same answers always get the same verdict.</summary>
    private sealed class TextJudge : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var prompt = messages.Last().Text;
            var score = 1 + (prompt.Sum(c => (int)c) % 10);
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, $$"""{"score": {{score}}, "reason": "by text"}""")));
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task Repeat_PlaysEveryPassAfterAWarmUp_KeepsTheFirstPassAnswers_AndSummarisesTheSpeeds()
    {
        await using var f = new SessionFactory();
        var options = ReplayFixture.Options("stories") with { Repeat = 3 };

        var result = await ReplayFixture.Runner(f, load: new BusyMachine()).RunAsync(ReplayFixture.ThreeTurns, options);

        var stories = Assert.Single(result.Profiles);
        Assert.Equal(ReplayStatus.Completed, stories.Status);
        Assert.Equal(3, stories.Turns.Count);
        Assert.Equal(3, stories.Speed!.Passes);
        Assert.True(stories.Speed.WarmedUp);
        Assert.Equal(3, stories.Speed.TimeToFirstTokenMs!.Count);
        Assert.Equal(3, stories.Speed.DecodeTokensPerSecond!.Count);
        Assert.Equal(stories.Speed.DecodeTokensPerSecond.Median, stories.DecodeTokensPerSecond);
        Assert.InRange(stories.Speed.DecodeTokensPerSecond.Median, stories.Speed.DecodeTokensPerSecond.Min, stories.Speed.DecodeTokensPerSecond.Max);
        Assert.Equal(3, result.Repeat);

        // The load was above the cores at every sample: every view warns.
        Assert.True(result.Load!.Busy);
        Assert.Contains(result.Load.Warning, MarkdownReport.Render(result, null), StringComparison.Ordinal);
        Assert.True(JsonReport.ToDocument(result).Load!.Busy);
    }

    [Fact]
    public async Task SameFileAndSeed_GiveTheSameAnswers_AndTheSameVerdict()
    {
        await using var f = new SessionFactory();
        var options = ReplayFixture.Options("stories", "tiny") with { Sampling = new SamplingSettings(Temperature: 0.8f, Seed: 7, MaxTokens: 12) };

        async Task<ReplayResult> JudgedAsync()
        {
            var played = await ReplayFixture.Runner(f).RunAsync(ReplayFixture.ThreeTurns, options);
            var judged = await AnswerJudge.JudgeAsync(new TextJudge(), "judge", played);
            return judged with { Verdict = TierVerdict.From(judged) };
        }

        var first = await JudgedAsync();
        var second = await JudgedAsync();

        Assert.Equal(first.Profiles.SelectMany(p => p.Turns).Select(t => t.Answer), second.Profiles.SelectMany(p => p.Turns).Select(t => t.Answer));
        Assert.NotNull(first.Verdict);
        Assert.Equal(first.Verdict with { SpeedRatio = null, MemoryShare = null, Sentence = "" }, second.Verdict! with { SpeedRatio = null, MemoryShare = null, Sentence = "" });
        Assert.Equal(first.Profiles.Select(p => p.MeanScore), second.Profiles.Select(p => p.MeanScore));
    }

    [Fact]
    public async Task TierNotOnDisk_WithAShape_IsPlanned_WithItsMemoryFitAndPredictedSpeed_AndThePullCommand()
    {
        await using var f = new SessionFactory();
        var catalog = new ProfileCatalog(
            [
                new ModelProfile { Id = "stories", DisplayName = "stories260K", Path = OwnModels.Tiny, ContextLength = 2048 },
                new ModelProfile
                {
                    Id = "7b", DisplayName = "A 7B", Shape = "7b", Quantization = "Q4_K_M", ContextLength = 4096,
                    Source = new ModelSource("someone/seven-GGUF", "seven.gguf", new Uri("https://example.invalid/seven.gguf")),
                },
            ],
            []);
        var planner = new ModelPlanner(new FixedMemoryInventory(), Options.Create(new EngineOptions { Threads = 1 }));
        var bandwidth = SpeedAndLoadTests.Bandwidth(hostRead: 20e9, hostDecode: 10e9, gpu: null);

        var result = await ReplayFixture.Runner(f, catalog: catalog, planner: planner, bandwidth: new Measured(bandwidth))
            .RunAsync(ReplayFixture.ThreeTurns, ReplayFixture.Options("stories", "7b") with { WarmUp = false });

        var seven = result.Profiles[1];
        Assert.True(seven.Planned);
        Assert.Equal("not on disk", seven.Reason);
        Assert.Equal("modelscale pull 7b", seven.Obtain);
        Assert.True(seven.ParameterCount > 7_000_000_000, $"{seven.ParameterCount}");
        Assert.True(seven.Plan!.Fits);
        Assert.Equal(16L << 30, seven.Plan.FreeRamBytes);
        Assert.Equal(0, seven.Prediction!.GpuBytesPerToken);
        Assert.Equal(10e9 / seven.Prediction.HostBytesPerToken, seven.Prediction.TokensPerSecond!.Value, 6);
        Assert.Equal(1000 / seven.Prediction.TokensPerSecond.Value, seven.SecondsPerThousandTokens!.Value, 6);

        // The tier that ran has its prediction beside its measured speed.
        Assert.NotNull(result.Profiles[0].Prediction?.TokensPerSecond);
        Assert.False(result.Profiles[0].Speed!.WarmedUp);
        Assert.Equal(bandwidth, result.Bandwidth);
        Assert.Contains("planned (not on disk)", VerdictTable.TextRows(result)[1][1], StringComparison.Ordinal);
    }
}
