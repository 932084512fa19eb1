using System.Text.Json;
using ModelScale.ChatHost.Client;
using ModelScale.ChatHost.Commands;
using ModelScale.ChatHost.Sessions;
using ModelScale.ChatHost.Terminal;
using ModelScale.Profiles.Errors;
using Spectre.Console.Testing;

namespace ModelScale.ChatHost.Tests.Api;

/// <summary>chat --connect: the same REPL, over HTTP, against a real served instance.</summary>
[Collection(ServeCollection.Name)]
public sealed class RemoteChatTests(ServeFixture fixture)
{
    private ServeInstance Serve => fixture.Instance;

    [Fact]
    public async Task TheRepl_ChatsSwitchesProfileAndKeepsTheHistory_OnTheService()
    {
        var session = new RemoteChatSession(new HttpClient { BaseAddress = Serve.BaseUrl });
        var output = new TestConsole();
        var status = new TestConsole();
        output.Profile.Width = status.Profile.Width = 400;
        using var interrupts = new InterruptHandler();
        var repl = new ChatRepl(
            session,
            new ReplConsoles(output, status, Interactive: false),
            new StringReader("Once upon a time\n/profile tiny\nAnd then?\n/profile /etc/passwd\n/profiles\n/system Be brief.\n/history\n/exit\n"),
            interrupts,
            new ReplOptions { Profile = "stories", Sampling = new SamplingSettings(MaxTokens: 6) });

        Assert.True(await repl.RunAsync());

        Assert.Contains("stories (stories260K): ", status.Output);
        Assert.Contains("tiny (tiny-random):", status.Output);
        Assert.Contains("2 earlier messages carried over", status.Output);
        Assert.Contains("not files", status.Output);
        Assert.Equal(4, session.History.Count);
        Assert.Equal(["stories", "tiny"], session.History.Where(m => m.Role.Value == "assistant").Select(m => m.ProfileId));
        Assert.Contains(session.History[1].Text.Trim(), output.Output);
        Assert.Contains("tiny-random", output.Output);

        // The service holds the same conversation, with the switch and the system prompt.
        using var http = Serve.CreateHttpClient();
        var detail = await NativeApi.GetAsync(http, $"/api/sessions/{session.Id}");
        var stored = detail.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").GetString()).ToList();
        Assert.Equal(session.History.Select(m => m.Text), stored);
        Assert.Single(detail.GetProperty("switches").EnumerateArray());
        Assert.Equal("Be brief.", detail.GetProperty("session").GetProperty("system").GetString());
        Assert.Equal(JsonValueKind.Number, detail.GetProperty("messages")[1].GetProperty("stats").GetProperty("completionTokens").ValueKind);
    }

    [Fact]
    public async Task TheExecutable_ChatsWithTheService_ThroughConnect()
    {
        using var process = new Commands.ModelScaleProcess();

        var (exit, stdout, stderr) = await process.RunAsync(
            "Once upon a time\n/exit\n", "chat", "--connect", Serve.BaseUrl.ToString(), "--profile", "stories", "--max-tokens", "4");

        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        Assert.DoesNotContain("Unhandled exception", stderr, StringComparison.Ordinal);
        Assert.Contains("stories", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASecondRepl_ResumesTheSession_WithItsHistoryProfileAndSettings()
    {
        var first = new RemoteChatSession(new HttpClient { BaseAddress = Serve.BaseUrl });
        using (var interrupts = new InterruptHandler())
        {
            var repl = new ChatRepl(first, new ReplConsoles(new TestConsole(), new TestConsole(), Interactive: false), new StringReader("Once upon a time\n/system Be brief.\n/exit\n"), interrupts,
                new ReplOptions { Profile = "stories", Sampling = new SamplingSettings(MaxTokens: 5) });
            Assert.True(await repl.RunAsync());
        }

        var resumed = new RemoteChatSession(new HttpClient { BaseAddress = Serve.BaseUrl });
        var status = new TestConsole();
        status.Profile.Width = 400;
        using (var interrupts = new InterruptHandler())
        {
            var repl = new ChatRepl(resumed, new ReplConsoles(new TestConsole(), status, Interactive: false), new StringReader("And then?\n/exit\n"), interrupts,
                new ReplOptions { ResumeSession = first.Id, SamplingGiven = false });
            Assert.True(await repl.RunAsync());
        }

        Assert.Contains($"Resumed session {first.Id}: 2 messages, on stories.", status.Output);
        Assert.Equal(first.Id, resumed.Id);
        Assert.Equal("Be brief.", resumed.SystemPrompt);
        Assert.Equal(5, resumed.Sampling.MaxTokens);
        Assert.Equal(4, resumed.History.Count);
        Assert.Equal(first.History[1].Text, resumed.History[1].Text);
        Assert.Equal("stories", resumed.History[3].ProfileId);

        // The new answer saw the old exchange, and the service holds all four messages with no profile switch.
        Assert.True(resumed.LastStats!.PromptTokens > first.LastStats!.PromptTokens);
        using var http = Serve.CreateHttpClient();
        var detail = await NativeApi.GetAsync(http, $"/api/sessions/{first.Id}");
        Assert.Equal(4, detail.GetProperty("messages").GetArrayLength());
        Assert.Empty(detail.GetProperty("switches").EnumerateArray());
    }

    [Fact]
    public async Task ResumingASessionTheServiceDoesNotHave_IsOneSentence_AndExitCode1()
    {
        var status = new TestConsole();
        status.Profile.Width = 400;
        using var interrupts = new InterruptHandler();
        var repl = new ChatRepl(new RemoteChatSession(new HttpClient { BaseAddress = Serve.BaseUrl }), new ReplConsoles(new TestConsole(), status, Interactive: false), new StringReader(""), interrupts,
            new ReplOptions { ResumeSession = "no-such-session" });

        Assert.False(await repl.RunAsync());
        Assert.Contains("No session has the id 'no-such-session'.", status.Output);
    }

    [Fact]
    public async Task Replay_InAConnectedChat_PlaysOnTheService_AndTheChatCarriesOn()
    {
        var http = new HttpClient { BaseAddress = Serve.BaseUrl };
        var session = new RemoteChatSession(http);
        var output = new TestConsole();
        var status = new TestConsole();
        output.Profile.Width = status.Profile.Width = 400;
        using var interrupts = new InterruptHandler();
        var repl = new ChatRepl(
            session,
            new ReplConsoles(output, status, Interactive: false),
            new StringReader("Once upon a time\n/replay stories,tiny,nope\n/replay stories,/etc/passwd\nAnd then?\n/exit\n"),
            interrupts,
            new ReplOptions { Profile = "stories", Sampling = new SamplingSettings(MaxTokens: 6) },
            new RemoteReplay(http));

        Assert.True(await repl.RunAsync());

        // The service said which profile it does not know, and played nothing.
        Assert.Contains("'nope'", status.Output);
        Assert.Contains("not files", status.Output);
        Assert.DoesNotContain("Turn 1", output.Output);

        var valid = new ChatRepl(
            session,
            new ReplConsoles(output, status, Interactive: false),
            new StringReader("/replay stories,tiny\nOne more?\n/exit\n"),
            interrupts,
            new ReplOptions { ResumeSession = session.Id, SamplingGiven = false },
            new RemoteReplay(http));
        Assert.True(await valid.RunAsync());

        var table = output.Output;
        Assert.Contains("Turn 1", table);
        Assert.Contains("(tiny)", table);
        Assert.Contains("(stories)", table);
        Assert.Contains("Back on stories, with 4 messages.", status.Output);
        Assert.Equal(6, session.History.Count);
    }

    [Fact]
    public async Task ServiceNotRunning_IsOneSentence()
    {
        var session = new RemoteChatSession(new HttpClient { BaseAddress = new Uri("http://127.0.0.1:9/") });
        var ex = await Assert.ThrowsAsync<ModelScaleException>(() => session.SwitchToAsync("stories"));
        Assert.Contains("Cannot reach the service", ex.Message);
        Assert.Equal(ErrorKind.Unavailable, ex.Kind);
    }
}
