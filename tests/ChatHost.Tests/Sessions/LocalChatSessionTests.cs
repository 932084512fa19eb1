using System.Text;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Sessions;
using ModelScale.Profiles.Catalog;
using ModelScale.Profiles.Gguf;
using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Sessions;

public sealed class LocalChatSessionTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static async Task<string> SendAsync(IChatSession session, string text, CancellationToken cancellationToken = default)
    {
        var answer = new StringBuilder();
        await foreach (var update in session.SendAsync(text, cancellationToken))
        {
            answer.Append(update.Text);
        }

        return answer.ToString();
    }

    [Fact]
    public async Task Greedy_SameTurnsGiveTheSameAnswers_InTwoSessions()
    {
        await using var a = new SessionFactory();
        await using var b = new SessionFactory();
        await a.Session.SwitchToAsync("stories");
        await b.Session.SwitchToAsync("stories");
        await a.Session.SetSamplingAsync(new SamplingSettings(MaxTokens: 40));
        await b.Session.SetSamplingAsync(new SamplingSettings(MaxTokens: 40));

        var a1 = await SendAsync(a.Session, "Tell me a story.");
        var a2 = await SendAsync(a.Session, "What happened next?");
        var b1 = await SendAsync(b.Session, "Tell me a story.");
        var b2 = await SendAsync(b.Session, "What happened next?");

        Assert.False(string.IsNullOrWhiteSpace(a1));
        Assert.Equal(a1, b1);
        Assert.Equal(a2, b2);
        Assert.Equal(40, a.Session.LastStats!.CompletionTokens);
    }

    [Fact]
    public async Task Switch_StoriesTinyStories_KeepsTheWholeHistory_AndTheNextPromptHoldsEveryTurn()
    {
        await using var f = new SessionFactory();
        await f.Session.SetSystemPromptAsync("You tell short stories.");
        await f.Session.SetSamplingAsync(new SamplingSettings(MaxTokens: 12));

        await f.Session.SwitchToAsync("stories");
        var first = await SendAsync(f.Session, "Once upon a time there was a cat.");
        var toTiny = await f.Session.SwitchToAsync("tiny");
        var second = await SendAsync(f.Session, "And a dog.");
        var back = await f.Session.SwitchToAsync("stories");
        await SendAsync(f.Session, "The end?");

        Assert.Equal("tiny", toTiny.Profile.Id);
        Assert.True(back.WasResident, "switching back to a resident profile must not reload it");
        Assert.Equal(6, f.Session.History.Count);
        Assert.Equal(["stories", "tiny", "stories"], f.Session.History.Where(m => m.Role == ChatRole.Assistant).Select(m => m.ProfileId!));

        var prompt = f.Engine.Resident.Single(m => m.Id == "stories").LastPrompt!;
        Assert.StartsWith("<|im_start|>system\nYou tell short stories.", prompt);
        var at = 0;
        foreach (var text in new[] { "Once upon a time there was a cat.", first, "And a dog.", second, "The end?" })
        {
            var found = prompt.IndexOf(text, at, StringComparison.Ordinal);
            Assert.True(found >= 0, $"'{text}' missing from the prompt, in order");
            at = found + text.Length;
        }
    }

    [Fact]
    public async Task SwitchFailure_KeepsTheOldProfileAndHistory()
    {
        await using var f = new SessionFactory();
        await f.Session.SwitchToAsync("stories");
        await f.Session.SetSamplingAsync(new SamplingSettings(MaxTokens: 5));
        await SendAsync(f.Session, "Hello");

        await Assert.ThrowsAsync<CatalogException>(() => f.Session.SwitchToAsync("nope"));
        await Assert.ThrowsAsync<CatalogException>(() => f.Session.SwitchToAsync("absent"));
        await Assert.ThrowsAsync<GgufFormatException>(() => f.Session.SwitchToAsync(OwnModels.GgufV1));
        await Assert.ThrowsAsync<GgufFormatException>(() => f.Session.SwitchToAsync(OwnModels.VocabOnly));

        Assert.Equal("stories", f.Session.Profile!.Id);
        Assert.Equal(2, f.Session.History.Count);
        Assert.False(string.IsNullOrEmpty(await SendAsync(f.Session, "Still there?")));
    }

    [Fact]
    public async Task UnknownProfile_MessageListsTheValidIds()
    {
        await using var f = new SessionFactory();

        var ex = await Assert.ThrowsAsync<CatalogException>(() => f.Session.SwitchToAsync("storeis"));

        Assert.Contains("stories, tiny, absent", ex.Message);
    }

    [Fact]
    public async Task ProfileNotOnDisk_MessageSaysWhereItLookedAndHowToGetIt()
    {
        await using var f = new SessionFactory();

        var ex = await Assert.ThrowsAsync<CatalogException>(() => f.Session.SwitchToAsync("absent"));

        Assert.Contains(Path.Combine(f.Locator.ModelsDirectory, "absent.gguf"), ex.Message);
        Assert.Contains("https://example.invalid/absent.gguf", ex.Message);
    }

    [Fact]
    public async Task Cancellation_KeepsThePartialAnswerMarkedIncomplete()
    {
        await using var f = new SessionFactory();
        await f.Session.SwitchToAsync("stories");
        using var cts = new CancellationTokenSource();
        var pieces = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in f.Session.SendAsync("Tell me a long story.", cts.Token))
            {
                if (update.Text is not null && ++pieces == 3)
                {
                    await cts.CancelAsync();
                }
            }
        });

        var last = f.Session.History[^1];
        Assert.Equal(ChatRole.Assistant, last.Role);
        Assert.True(last.Incomplete);
        Assert.False(string.IsNullOrEmpty(last.Text));
        Assert.Equal(FinishReasons.Cancelled, last.Stats!.FinishReason);
        Assert.True(last.Stats.CompletionTokens >= 3);
        Assert.Same(last.Stats, f.Session.LastStats);
    }

    [Fact]
    public async Task ContextOverflow_TrimsOldestTurns_KeepsSystemPrompt_AndSaysSo()
    {
        await using var f = new SessionFactory(contextLength: 160);
        await f.Session.SwitchToAsync("stories");
        await f.Session.SetSystemPromptAsync("Be kind.");
        await f.Session.SetSamplingAsync(new SamplingSettings(MaxTokens: 30));
        var notices = new List<string>();

        for (var i = 0; i < 6; i++)
        {
            await foreach (var update in f.Session.SendAsync($"Turn {i}: tell me about the little dog and the big red ball."))
            {
                if (update.Notice is { } notice)
                {
                    notices.Add(notice);
                }
            }
        }

        Assert.NotEmpty(notices);
        Assert.True(f.Session.LastStats!.TrimmedMessages > 0);
        Assert.Equal(12, f.Session.History.Count);
        var prompt = f.Engine.Resident.Single().LastPrompt!;
        Assert.StartsWith("<|im_start|>system\nBe kind.", prompt);
        Assert.DoesNotContain("Turn 0:", prompt);
        Assert.Contains("Turn 5:", prompt);
    }

    [Fact]
    public async Task ALongHistory_IsTrimmedFromTheFront_KeepingTheSystemPromptAndTheLatestTurns()
    {
        await using var f = new SessionFactory(contextLength: 512);
        await f.Session.SwitchToAsync("stories");
        var history = Enumerable.Range(0, 2 * HistoryLimits.MaxTurns).Select(i => i % 2 == 0
            ? new SessionMessage(ChatRole.User, $"Question {i / 2}: where is the dog?")
            : new SessionMessage(ChatRole.Assistant, $"Answer {i / 2}: the dog is in the park.", "stories"));
        f.Session.Restore(history, "Be kind.", new SamplingSettings(MaxTokens: 4));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        await SendAsync(f.Session, "Final question: where is the cat?");

        output.WriteLine($"{2 * HistoryLimits.MaxTurns + 1} messages fitted to a 512-token context and answered in {watch.ElapsedMilliseconds} ms");
        var stats = f.Session.LastStats!;
        Assert.True(stats.TrimmedMessages >= 2 * HistoryLimits.MaxTurns - 40, $"trimmed {stats.TrimmedMessages}");
        Assert.Equal(0, stats.TrimmedMessages % 2);
        Assert.InRange(stats.PromptTokens, 1, 512 - 4);
        var prompt = f.Engine.Resident.Single().LastPrompt!;
        Assert.StartsWith("<|im_start|>system\nBe kind.", prompt, StringComparison.Ordinal);
        Assert.Contains("Answer 999:", prompt, StringComparison.Ordinal);
        Assert.Contains("Final question", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("Question 0:", prompt, StringComparison.Ordinal);
        Assert.Equal(2 * HistoryLimits.MaxTurns + 2, f.Session.History.Count);
    }

    [Fact]
    public async Task ContextBeyondTrainingContext_IsRefusedBeforeLlamaCppAllocatesIt()
    {
        await using var f = new SessionFactory(contextLength: 2_000_000_000);

        var ex = await Assert.ThrowsAsync<ModelLoadException>(() => f.Session.SwitchToAsync("stories"));

        Assert.Contains($"more than the {OwnModels.TinyShape.ContextLength}", ex.Message);
        Assert.Null(f.Session.Profile);
        Assert.Empty(f.Engine.Resident);
    }

    [Fact]
    public async Task ExportImport_RoundTripsThroughAFile()
    {
        await using var f = new SessionFactory();
        await f.Session.SwitchToAsync("stories");
        await f.Session.SetSystemPromptAsync("Sys");
        await f.Session.SetSamplingAsync(new SamplingSettings(0.5f, 9, 8));
        await SendAsync(f.Session, "One");
        await SendAsync(f.Session, "Two");
        var file = Path.Combine(Path.GetTempPath(), $"modelscale-conv-{Guid.NewGuid():N}.json");
        try
        {
            ConversationFile.Save(await f.Session.ExportAsync(), file);
            await using var g = new SessionFactory();
            await g.Session.ImportAsync(ConversationFile.Load(file));

            Assert.Equal("Sys", g.Session.SystemPrompt);
            Assert.Equal(new SamplingSettings(0.5f, 9, 8), g.Session.Sampling);
            Assert.Equal(f.Session.History.Select(m => (m.Role, m.Text, m.ProfileId)), g.Session.History.Select(m => (m.Role, m.Text, m.ProfileId)));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task ChatClient_ReportsUsageAndFinishReason()
    {
        await using var f = new SessionFactory();
        var load = await f.Loader.LoadAsync(f.Catalog.Get("stories"));
        IChatClient client = load.Client;

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { MaxOutputTokens = 7 });

        Assert.Equal(7, response.Usage!.OutputTokenCount);
        Assert.True(response.Usage.InputTokenCount > 0);
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.NotNull(AnswerStats.From(response));
    }
}
