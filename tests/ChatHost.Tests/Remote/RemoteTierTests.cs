using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Engine.Remote;
using ModelScale.ChatHost.Replay;
using ModelScale.ChatHost.Sessions;
using ModelScale.ChatHost.Tests.Replay;

namespace ModelScale.ChatHost.Tests.Remote;

/// <summary>A tier served by another ModelScale over its OpenAI-compatible API, used like a local tier.</summary>
public sealed class RemoteTierTests
{
    private static readonly SamplingSettings Greedy = new(Temperature: 0, Seed: 42, MaxTokens: 12);

    private static async Task<(string Text, AnswerStats? Stats)> SayAsync(IChatSession session, string text)
    {
        var answer = new StringBuilder();
        AnswerStats? stats = null;
        await foreach (var update in session.SendAsync(text))
        {
            answer.Append(update.Text);
            stats = update.Stats ?? stats;
        }

        return (answer.ToString(), stats);
    }

    [Fact]
    public async Task ChatThroughTheRemoteTier_GivesTheLocalAnswerAndClientSideTimings()
    {
        await using var fixture = await RemoteTierFixture.StartAsync();
        await using var remote = fixture.NewSession();
        await using var local = fixture.NewSession();
        await remote.SetSamplingAsync(Greedy);
        await local.SetSamplingAsync(Greedy);

        var loaded = await remote.SwitchToAsync("far");
        await local.SwitchToAsync("stories");
        var (far, stats) = await SayAsync(remote, "Once upon a time");
        var (near, _) = await SayAsync(local, "Once upon a time");

        Assert.Equal($"remote: 127.0.0.1:{fixture.Remote.BaseUrl.Port}", loaded.Remote!.Describe());
        Assert.False(string.IsNullOrEmpty(far));
        Assert.Equal(near, far); // the same model, greedy, through the same template on the other side
        Assert.NotNull(stats);
        Assert.Equal("far", stats.ProfileId);
        Assert.True(stats.CompletionTokens > 0);
        Assert.True(stats.PromptTokens > 0);
        Assert.True(stats.TimeToFirstToken > TimeSpan.Zero);
    }

    [Fact]
    public async Task SwitchingBetweenALocalAndTheRemoteTier_KeepsTheHistory()
    {
        await using var fixture = await RemoteTierFixture.StartAsync();
        await using var session = fixture.NewSession();
        await session.SetSamplingAsync(Greedy);

        await session.SwitchToAsync("tiny");
        await SayAsync(session, "Hello");
        await session.SwitchToAsync("far");
        await SayAsync(session, "And then?");
        await session.SwitchToAsync("tiny");
        await SayAsync(session, "The end.");

        Assert.Equal(6, session.History.Count);
        Assert.Equal(["tiny", "far", "tiny"], session.History.Where(m => m.Role == ChatRole.Assistant).Select(m => m.ProfileId));
        Assert.All(session.History, m => Assert.False(m.Incomplete));
        var listing = Assert.Single(await session.ListProfilesAsync(), l => l.Profile.Id == "far");
        Assert.StartsWith("remote: 127.0.0.1:", listing.Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_PlaysOneLocalAndOneRemoteTier()
    {
        await using var fixture = await RemoteTierFixture.StartAsync();
        var runner = new ReplayRunner(
            fixture.Catalog, fixture.Locator, fixture.Loader, fixture.Engine, new SystemMemoryProbe(), TimeProvider.System,
            Microsoft.Extensions.Options.Options.Create(new EngineOptions { Threads = 1 }),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<ReplayRunner>.Instance,
            fixture.Remotes);

        var conversation = ReplayFixture.ThreeTurns with { Turns = ReplayFixture.ThreeTurns.Turns.Take(2).ToList() };
        var result = await runner.RunAsync(conversation, ReplayFixture.Options("stories", "far"));

        Assert.Equal([ReplayStatus.Completed, ReplayStatus.Completed], result.Profiles.Select(p => p.Status));
        var far = result.Profiles[1];
        Assert.StartsWith("remote: 127.0.0.1:", far.Plan!.Reason, StringComparison.Ordinal);
        Assert.Equal(2, far.Turns.Count);
        Assert.Equal(result.Profiles[0].Turns.Select(t => t.Answer), far.Turns.Select(t => t.Answer));
    }

    [Fact]
    public async Task ARemoteThatDiesMidAnswer_LeavesTheSessionWithThePartialAnswerMarkedIncomplete()
    {
        using var dying = DyingServer.Start(chunks: 3);
        await using var fixture = await RemoteTierFixture.StartAsync(baseUrl: dying.BaseUrl);
        await using var session = fixture.NewSession();
        await session.SetSamplingAsync(Greedy);
        await session.SwitchToAsync("far");

        var error = await Assert.ThrowsAsync<RemoteTierException>(() => SayAsync(session, "Tell me a story"));

        Assert.Contains("after 3 chunks of the answer; the partial answer is kept", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, session.History.Count);
        Assert.Equal("one two three ", session.History[1].Text);
        Assert.True(session.History[1].Incomplete);
    }

    [Fact]
    public async Task AnUnreachableRemote_IsOneSentenceAndTheSessionIsUnchanged()
    {
        var port = FreePort();
        await using var fixture = await RemoteTierFixture.StartAsync(baseUrl: new Uri($"http://127.0.0.1:{port}/v1"));
        await using var session = fixture.NewSession();
        await session.SwitchToAsync("far");

        var error = await Assert.ThrowsAsync<RemoteTierException>(() => SayAsync(session, "Hello"));

        Assert.Equal($"The remote tier 'far' at http://127.0.0.1:{port}/v1 cannot be reached (connection refused).", error.Message);
        Assert.Empty(session.History);
    }

    [Fact]
    public async Task AWrongApiKey_IsNamedWithItsVariable()
    {
        await using var fixture = await RemoteTierFixture.StartAsync(remoteApiKey: "right-key", clientApiKey: "wrong-key");
        await using var session = fixture.NewSession();
        await session.SwitchToAsync("far");

        var error = await Assert.ThrowsAsync<RemoteTierException>(() => SayAsync(session, "Hello"));

        Assert.Contains("refused the API key (HTTP 401); check the key in $FAR_API_KEY.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingApiKeyVariable_IsRefusedBeforeAnyRequest()
    {
        await using var fixture = await RemoteTierFixture.StartAsync(remoteApiKey: "right-key", clientApiKey: "");
        await using var session = fixture.NewSession();

        var error = await Assert.ThrowsAsync<RemoteTierException>(() => session.SwitchToAsync("far"));

        Assert.Equal("The remote tier 'far' needs an API key in $FAR_API_KEY, which is not set.", error.Message);
        Assert.Null(session.Profile);
    }

    [Fact]
    public async Task Serve_ProxiesARemoteTierThroughItsOwnApi()
    {
        await using var back = await Api.ServeInstance.StartAsync();
        var far = $$"""{ "id": "far", "displayName": "stories260K, remote", "remote": { "baseUrl": "{{new Uri(back.BaseUrl, "v1")}}", "model": "stories" } }""";
        await using var front = await Api.ServeInstance.StartAsync(extraProfiles: far);
        var client = new OpenAI.Chat.ChatClient("far", new System.ClientModel.ApiKeyCredential("none"), new OpenAI.OpenAIClientOptions { Endpoint = new Uri(front.BaseUrl, "v1") });

        var answer = new StringBuilder();
        await foreach (var update in client.CompleteChatStreamingAsync(
            [new OpenAI.Chat.UserChatMessage("Once upon a time")],
            new OpenAI.Chat.ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 12 }))
        {
            foreach (var part in update.ContentUpdate)
            {
                answer.Append(part.Text);
            }
        }

        var direct = await new OpenAI.Chat.ChatClient("stories", new System.ClientModel.ApiKeyCredential("none"), new OpenAI.OpenAIClientOptions { Endpoint = new Uri(back.BaseUrl, "v1") })
            .CompleteChatAsync([new OpenAI.Chat.UserChatMessage("Once upon a time")], new OpenAI.Chat.ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 12 });
        Assert.False(string.IsNullOrEmpty(answer.ToString()));
        Assert.Equal(direct.Value.Content[0].Text, answer.ToString());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
