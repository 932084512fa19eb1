using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Replay;
using ModelScale.ChatHost.Replay.Quality;
using ModelScale.ChatHost.Sessions;
using ModelScale.Profiles.Errors;

namespace ModelScale.ChatHost.Tests.Replay.Quality;

/// <summary>The judge's prompt, its schema, the aggregation and the verdict, with a fake chat client: no model needed.</summary>
public sealed class JudgeTests
{
    /// <summary>Replies with the scores given per tier (by the answer's text), and keeps what it was asked.</summary>
    private sealed class FakeJudge(Func<string, string> reply) : IChatClient
    {
        public List<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> Calls { get; } = [];

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var list = messages.ToList();
            Calls.Add((list, options));
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, reply(list[^1].Text))));
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    private static TurnResult Answer(int turn, string text, double seconds, string? reference = null) =>
        TurnResult.From(turn, text, new AnswerStats
        {
            ProfileId = "x", PromptTokens = 10, CachedPromptTokens = 0, CompletionTokens = 5,
            TimeToFirstToken = TimeSpan.FromMilliseconds(10), Total = TimeSpan.FromSeconds(seconds),
            PrefillTokensPerSecond = 100, DecodeTokensPerSecond = 50, FinishReason = "stop",
        }, null, reference);

    private static ProfileResult Tier(string id, long parameters, long memory, double seconds, params string[] answers) => new()
    {
        Id = id,
        DisplayName = id,
        Status = ReplayStatus.Completed,
        ParameterCount = parameters,
        Plan = new ReplayPlan(0, 1, 512, 0, memory, Fits: true, Reason: "cpu"),
        Turns = [.. answers.Select((a, i) => Answer(i + 1, a, seconds))],
    };

    private static ReplayResult Result(params ProfileResult[] tiers) => new()
    {
        Source = "t.json",
        StartedAt = DateTimeOffset.UnixEpoch,
        WallTime = TimeSpan.FromSeconds(1),
        Turns =
        [
            new ConversationTurn { User = "What is the capital of France?", Reference = "Paris." },
            new ConversationTurn { User = "And of Italy?" },
        ],
        Sampling = new SamplingSettings(Seed: 7),
        TeacherForcing = false,
        Profiles = tiers,
    };

    /// <summary>The score is the digit after "score=" in the answer.</summary>
    private static FakeJudge ByAnswer() => new(prompt =>
    {
        var at = prompt.IndexOf("score=", StringComparison.Ordinal);
        return $$"""{"score": {{prompt[at + 6] - '0'}}, "reason": "fine"}""";
    });

    [Fact]
    public async Task Prompt_HoldsTheUserTurnTheReferenceAndTheAnswer_AndTheRubric()
    {
        var judge = ByAnswer();
        await AnswerJudge.JudgeAsync(judge, "big", Result(Tier("small", 1, 1, 1, "Paris score=9", "Rome score=8")));

        var (first, options) = judge.Calls[0];
        Assert.Equal(JudgeRubric.Instructions, first[0].Text);
        Assert.Equal(ChatRole.System, first[0].Role);
        Assert.Contains("User's message:\nWhat is the capital of France?", first[1].Text, StringComparison.Ordinal);
        Assert.Contains("Reference answer:\nParis.", first[1].Text, StringComparison.Ordinal);
        Assert.Contains("Answer to judge:\nParis score=9", first[1].Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Reference answer:", judge.Calls[1].Messages[1].Text, StringComparison.Ordinal);

        Assert.Equal(0f, options!.Temperature);
        Assert.Equal(7, options.Seed);
        var format = Assert.IsType<ChatResponseFormatJson>(options.ResponseFormat);
        Assert.Equal(JudgeRubric.MaxReasonLength, format.Schema!.Value.GetProperty("properties").GetProperty("reason").GetProperty("maxLength").GetInt32());
        Assert.Equal(10, format.Schema.Value.GetProperty("properties").GetProperty("score").GetProperty("maximum").GetInt32());
    }

    [Fact]
    public void Schema_BecomesAGrammar()
    {
        var grammar = ChatOptionsSampling.GrammarOf(JudgeRubric.Options(1).ResponseFormat);

        Assert.NotNull(grammar);
    }

    [Fact]
    public async Task Judging_ScoresEveryAnswer_MeansPerTier_AndMarksTheTierThatJudgedItself()
    {
        var judged = await AnswerJudge.JudgeAsync(ByAnswer(), "big", Result(
            Tier("small", 1_000, 100, 1, "a score=6", "b score=9"),
            Tier("big", 70_000, 400, 4, "c score=8", "d score=9")));

        Assert.Equal("big", judged.Judge);
        Assert.Equal(7.5, judged.Profiles[0].MeanScore);
        Assert.Equal(8.5, judged.Profiles[1].MeanScore);
        Assert.All(judged.Profiles[0].Turns, t => Assert.False(t.Judgement!.SelfJudged));
        Assert.All(judged.Profiles[1].Turns, t => Assert.True(t.Judgement!.SelfJudged));
        Assert.Equal("fine", judged.Profiles[0].Turns[0].Judgement!.Reason);
    }

    [Fact]
    public async Task Verdict_IsTheSmallestTierWithinTheMargin_WithItsSpeedAndMemoryAgainstTheBest()
    {
        var judged = await AnswerJudge.JudgeAsync(ByAnswer(), "70b", Result(
            Tier("1b", 1_000, 50, 0.5, "score=3", "score=3"),
            Tier("7b", 7_000, 104, 1, "score=8", "score=9"),
            Tier("70b", 70_000, 400, 4, "score=9", "score=9")));

        var verdict = TierVerdict.From(judged, margin: 1)!;

        Assert.Equal("7b", verdict.Recommended);
        Assert.Equal("70b", verdict.Best);
        Assert.Equal("7b is within 0.5 points of 70b at 4.0x the speed and 26% of the memory.", verdict.Sentence);

        var strict = TierVerdict.From(judged, margin: 0.25)!;
        Assert.Equal("70b", strict.Recommended);
        Assert.Equal("70b scored best (9.0 of 10) and no smaller tier came within 0.25 points of it.", strict.Sentence);
    }

    [Fact]
    public void Verdict_IsNull_WithoutAJudge()
    {
        Assert.Null(TierVerdict.From(Result(Tier("1b", 1, 1, 1, "x", "y"))));
    }

    [Fact]
    public async Task Verdict_TravelsThroughReportJson_AndLeadsTheMarkdown()
    {
        var judged = await AnswerJudge.JudgeAsync(ByAnswer(), "70b", Result(
            Tier("7b", 7_000, 104, 1, "score=8", "score=9"),
            Tier("70b", 70_000, 400, 4, "score=9", "score=9")));
        judged = judged with { Verdict = TierVerdict.From(judged) };

        var back = JsonReport.Parse(JsonReport.Render(judged));
        Assert.Equal(judged.Verdict, back.Verdict);
        Assert.Equal(judged.Profiles[0].Turns[1].Judgement, back.Profiles[0].Turns[1].Judgement);

        var markdown = MarkdownReport.Render(judged, null);
        var verdictAt = markdown.IndexOf("**Verdict:** 7b is within 0.5 points of 70b", StringComparison.Ordinal);
        Assert.True(verdictAt > 0 && verdictAt < markdown.IndexOf("## Turn 1", StringComparison.Ordinal), markdown);
    }

    [Fact]
    public void Parse_ARefusal_IsOneSentenceNamingTheJudgeTheTierAndTheTurn()
    {
        var ex = Assert.Throws<ModelScaleException>(() => AnswerJudge.Parse("{\"score\": 11, \"reason\": \"x\"}", "big", "small", 2));

        Assert.Equal("The judge big did not reply with a judgement of small's answer to turn 2 (it wrote \"{\"score\": 11, \"reason\": \"x\"}\").", ex.Message);
    }
}
