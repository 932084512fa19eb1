using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Replay;
using ModelScale.ChatHost.Sessions;
using ModelScale.ChatHost.Tests.Engine;
using ModelScale.ChatHost.Tests.Sessions;
using ModelScale.Profiles.Catalog;
using ModelScale.Profiles.Gguf;
using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Replay;

public sealed class ReplayRunnerTests
{
    private static async Task<string> SendAsync(IChatSession session, string text)
    {
        var answer = new StringBuilder();
        await foreach (var update in session.SendAsync(text))
        {
            answer.Append(update.Text);
        }

        return answer.ToString();
    }

    [Fact]
    public async Task ThreeTurnReplay_OnTwoTiers_WritesEveryReport_AndTheyParse()
    {
        await using var f = new SessionFactory();
        var result = await ReplayFixture.Runner(f).RunAsync(ReplayFixture.ThreeTurns, ReplayFixture.Options("stories", "tiny"));
        var folder = Path.Combine(Path.GetTempPath(), $"modelscale-replay-{Guid.NewGuid():N}");
        try
        {
            var written = ReplayReportWriter.Write(result, folder, ReportFormats.All);

            Assert.Equal(["report.md", "report.html", "report.json", "chart.png"], written.Select(Path.GetFileName));
            Assert.All(result.Profiles, p => Assert.Equal(ReplayStatus.Completed, p.Status));
            Assert.All(result.Profiles, p => Assert.Equal(3, p.Turns.Count));

            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "report.json")));
            Assert.Equal(JsonReport.SchemaVersion, json.RootElement.GetProperty("schemaVersion").GetInt32());
            var profiles = json.RootElement.GetProperty("profiles");
            Assert.Equal(["stories", "tiny"], profiles.EnumerateArray().Select(p => p.GetProperty("id").GetString()));
            var firstAnswer = profiles[0].GetProperty("answers")[0];
            Assert.Equal(result.Profiles[0].Turns[0].Answer, firstAnswer.GetProperty("answer").GetString());
            Assert.True(firstAnswer.GetProperty("completionTokens").GetInt32() > 0);
            Assert.True(profiles[0].GetProperty("memory").GetProperty("peakRssBytes").GetInt64() > 0);
            Assert.Equal(0, profiles[0].GetProperty("plan").GetProperty("gpuLayers").GetInt32());

            var html = await File.ReadAllTextAsync(Path.Combine(folder, "report.html"));
            Assert.Contains("<table class=\"turn\">", html);
            Assert.Contains("<table class=\"summary\">", html);
            Assert.Contains("<svg class=\"chart\"", html);
            Assert.DoesNotContain("<img", html);
            Assert.DoesNotContain("http://", html);
            Assert.DoesNotContain("https://", html);

            var png = await File.ReadAllBytesAsync(Path.Combine(folder, "chart.png"));
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);

            var markdown = await File.ReadAllLinesAsync(Path.Combine(folder, "report.md"));
            Assert.Equal(3, markdown.Count(l => l.StartsWith("|  | ", StringComparison.Ordinal)));
            Assert.Equal(3, markdown.Count(l => l.StartsWith("|  | ", StringComparison.Ordinal) && l.Contains("(stories) |", StringComparison.Ordinal) && l.EndsWith("(tiny) |", StringComparison.Ordinal)));
            Assert.Contains(markdown, l => l.StartsWith("| stories | completed | " + ModelScale.Profiles.Units.ParameterCount.Format(GgufReader.Read(OwnModels.Tiny).ParameterCount) + " |", StringComparison.Ordinal));
            Assert.Contains(markdown, l => l.StartsWith("![Parameters against decode speed", StringComparison.Ordinal) && l.EndsWith("](chart.png)", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Answers_AreThoseAChatSessionGives_ForTheSameTurnsAndSettings()
    {
        await using var replayed = new SessionFactory();
        var result = await ReplayFixture.Runner(replayed).RunAsync(ReplayFixture.ThreeTurns, ReplayFixture.Options("stories", "tiny"));

        foreach (var tier in new[] { "stories", "tiny" })
        {
            await using var chat = new SessionFactory();
            await chat.Session.SetSystemPromptAsync(ReplayFixture.ThreeTurns.System);
            await chat.Session.SetSamplingAsync(ReplayFixture.Sampling);
            await chat.Session.SwitchToAsync(tier);
            var answers = new List<string>();
            foreach (var turn in ReplayFixture.ThreeTurns.Turns)
            {
                answers.Add(await SendAsync(chat.Session, turn.User));
            }

            Assert.Equal(answers, result.Profiles.Single(p => p.Id == tier).Turns.Select(t => t.Answer));
        }
    }

    [Fact]
    public async Task TwoRuns_GiveByteIdenticalAnswers_EvenWhenTheModelsAreStillResident()
    {
        await using var f = new SessionFactory();
        var runner = ReplayFixture.Runner(f);
        var first = await runner.RunAsync(ReplayFixture.ThreeTurns, ReplayFixture.Options("stories", "tiny"));
        var second = await runner.RunAsync(ReplayFixture.ThreeTurns, ReplayFixture.Options("stories", "tiny"));

        static byte[] Answers(ReplayResult r) => Encoding.UTF8.GetBytes(string.Join("\u0000", r.Profiles.SelectMany(p => p.Turns).Select(t => t.Answer)));
        Assert.Equal(Answers(first), Answers(second));
        Assert.True(second.Profiles[1].SharedMemoryWithPrevious, "16 GiB holds both test models, so the first stays resident");
    }

    [Fact]
    public async Task MissingModel_IsSkippedAsNotOnDisk_AndTheOtherTiersStillPlay()
    {
        await using var f = new SessionFactory();
        var result = await ReplayFixture.Runner(f).RunAsync(ReplayFixture.ThreeTurns, ReplayFixture.Options("absent", "stories"));

        var absent = result.Profiles[0];
        Assert.Equal(ReplayStatus.Skipped, absent.Status);
        Assert.Equal("skipped: not on disk", absent.StatusLine);
        Assert.Contains("absent.gguf", absent.Detail);
        Assert.Empty(absent.Turns);
        Assert.Equal(ReplayStatus.Completed, result.Profiles[1].Status);
        Assert.Contains("skipped: not on disk", MarkdownReport.Render(result, null));
    }

    [Fact]
    public async Task PlanThatDoesNotFit_IsSkippedWithThePlansReason_WithoutLoading()
    {
        await using var f = new SessionFactory();
        var options = Options.Create(new EngineOptions { Threads = 1 });
        var starved = new ProfileLoader(f.Engine, f.Locator, new ModelPlanner(new FixedMemoryInventory(freeRam: 1L << 20), options), options);
        var result = await ReplayFixture.Runner(f, loader: starved).RunAsync(ReplayFixture.ThreeTurns, ReplayFixture.Options("stories"));

        var stories = Assert.Single(result.Profiles);
        Assert.Equal("skipped: does not fit in RAM + VRAM", stories.StatusLine);
        Assert.False(stories.Plan!.Fits);
        Assert.Equal(stories.Plan.Reason, stories.Detail);
        Assert.Empty(f.Engine.Resident);
    }

    [Fact]
    public async Task TeacherForcing_FeedsTheReferenceAnswers_NotTheModelsOwn()
    {
        await using var f = new SessionFactory();
        var options = ReplayFixture.Options("stories") with { TeacherForcing = true };
        var result = await ReplayFixture.Runner(f).RunAsync(ReplayFixture.ThreeTurns, options);

        var stories = Assert.Single(result.Profiles);
        Assert.Equal(3, stories.Turns.Count);
        var prompt = f.Engine.Resident.Single(m => m.Id == "stories").LastPrompt!;
        Assert.Contains("REFERENCE-ONE: Lily had a dog named Max.", prompt);
        Assert.Contains("REFERENCE-TWO: They found a kitten under a tree.", prompt);
        Assert.DoesNotContain(stories.Turns[0].Answer, prompt);
        Assert.True(result.TeacherForcing);
    }

    [Fact]
    public async Task TeacherForcing_WithoutAReference_IsOneSentenceNamingTheTurn()
    {
        await using var f = new SessionFactory();
        var conversation = ReplayFixture.ThreeTurns with { Turns = [new ConversationTurn { User = "One" }, new ConversationTurn { User = "Two" }] };

        var error = await Assert.ThrowsAsync<ConversationException>(() =>
            ReplayFixture.Runner(f).RunAsync(conversation, ReplayFixture.Options("stories") with { TeacherForcing = true }));
        Assert.Equal("--teacher-forcing feeds each turn's reference answer to the next, but turn 1 of three-turns.json has no \"reference\".", error.Message);
    }

    [Fact]
    public async Task UnknownProfile_IsOneSentence_BeforeAnythingLoads()
    {
        await using var f = new SessionFactory();
        var error = await Assert.ThrowsAsync<CatalogException>(() => ReplayFixture.Runner(f).RunAsync(ReplayFixture.ThreeTurns, ReplayFixture.Options("stories", "storie")));

        Assert.Equal("Unknown profile 'storie' (did you mean 'stories'?). Valid ids: stories, tiny, absent.", error.Message);
        Assert.Empty(f.Engine.Resident);
    }

    [Fact]
    public async Task Cancelling_KeepsTheTurnsThatFinished_AndMarksTheReplayInterrupted()
    {
        await using var f = new SessionFactory();
        using var stop = new CancellationTokenSource();
        var progress = new CancelAfterFirstTurn(stop);
        var result = await ReplayFixture.Runner(f).RunAsync(ReplayFixture.ThreeTurns, ReplayFixture.Options("stories", "tiny"), progress, stop.Token);

        Assert.True(result.Interrupted);
        var stories = Assert.Single(result.Profiles);
        Assert.Equal(ReplayStatus.Interrupted, stories.Status);
        Assert.Single(stories.Turns);
        Assert.Contains("Ctrl+C stopped the replay", MarkdownReport.Render(result, null));
    }

    private sealed class CancelAfterFirstTurn(CancellationTokenSource stop) : IReplayProgress
    {
        public void ProfileStarting(int index, int count, string id, int turns)
        {
        }

        public void ProfileLoaded(string id, TimeSpan loadTime, ReplayPlan? plan)
        {
        }

        public void TurnFinished(string id, TurnResult turn, int turns) => stop.Cancel();

        public void ProfileFinished(int index, int count, ProfileResult result)
        {
        }
    }
}
