using Microsoft.Extensions.Time.Testing;
using ModelScale.ChatHost.Replay;
using ModelScale.ChatHost.Sessions;
using ModelScale.ChatHost.Terminal;
using Spectre.Console.Testing;

namespace ModelScale.ChatHost.Tests.Terminal;

/// <summary>The replay's terminal views: progress lines for played and planned tiers, the time left, the verdict and every turn.</summary>
public sealed class ReplayViewTests
{
    private static ProfileResult Played(string id, string answer) => new()
    {
        Id = id, DisplayName = id, Status = ReplayStatus.Completed, ParameterCount = 1_000_000,
        Turns = [Replay.SpeedAndLoadTests.Turn(1, 10, 50, 20) with { Answer = answer }],
    };

    private static ProfileResult Planned(string id) => new()
    {
        Id = id, DisplayName = id, Status = ReplayStatus.Skipped, Reason = "not on disk", Obtain = $"modelscale pull {id}",
        ParameterCount = 7_000_000_000, Plan = new ReplayPlan(0, 29, 4096, 0, 5L << 30, true, "cpu", FreeRamBytes: 8L << 30),
        Prediction = new DecodePrediction(4L << 30, 0, 2.5, "test"),
    };

    [Fact]
    public void TimeLeft_CountsOnlyTheTiersStillToPlay()
    {
        var time = new FakeTimeProvider();
        var eta = new ReplayView.Eta(time);
        eta.Planned([true, false, true, true]);

        eta.Started();
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("about 1 min 0 s left", eta.Finished(0, 4, played: true));

        eta.Started();
        Assert.Equal("about 1 min 0 s left", eta.Finished(1, 4, played: false));

        eta.Started();
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("about 20 s left", eta.Finished(2, 4, played: true));
        Assert.Equal("", eta.Finished(3, 4, played: true));
    }

    [Fact]
    public void PlainLines_ShowTheOverallPosition_APlannedTierDifferently_AndTheTimeLeft()
    {
        var console = new TestConsole().Width(400);
        IReplayProgress lines = new ReplayView.PlainLines(console, new ReplayView.Eta(new FakeTimeProvider()));
        lines.ReplayStarting([true, false]);

        lines.ProfileStarting(0, 2, "small", 1);
        lines.ProfileFinished(0, 2, Played("small", "hello"));
        lines.ProfileStarting(1, 2, "7b", 1);
        lines.ProfileFinished(1, 2, Planned("7b"));

        var output = console.Output.Replace("\r", "", StringComparison.Ordinal);
        Assert.Contains("[1/2] small: completed, 50.0 tok/s\n", output);
        Assert.Contains("[2/2] 7b: not run (not on disk); planned: fits, predicted ≈ 2.5 tok/s; get it with `modelscale pull 7b`", output);
    }

    [Fact]
    public void Replay_InTheChat_ShowsTheVerdictTableAndEveryAnswerInFull()
    {
        var long_ = string.Join(' ', Enumerable.Repeat("word", 20));
        var result = new ReplayResult
        {
            Source = "this chat",
            StartedAt = DateTimeOffset.UnixEpoch,
            WallTime = TimeSpan.FromSeconds(1),
            Turns = [new ConversationTurn { User = "Tell me a story." }],
            Sampling = new SamplingSettings(),
            TeacherForcing = false,
            Profiles = [Played("small", long_ + " END"), Planned("7b")],
            Load = new MachineLoad(6, 2, 3),
        };
        var console = new TestConsole().Width(200);

        console.Write(ReplayView.Verdict(result));
        console.Write(ReplayView.Turns(result));

        var output = console.Output;
        Assert.Contains("Verdict:", output, StringComparison.Ordinal);
        Assert.Contains("Warning: The machine was busy", output, StringComparison.Ordinal);
        Assert.Contains("planned (not on disk)", output, StringComparison.Ordinal);
        Assert.Contains("7b: modelscale pull 7b", output, StringComparison.Ordinal);
        Assert.Contains("Turn 1", output, StringComparison.Ordinal);
        Assert.Contains("word END", output, StringComparison.Ordinal);
        Assert.DoesNotContain("…", output, StringComparison.Ordinal);
    }
}
