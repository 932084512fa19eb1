using System.Net;
using System.Text;
using System.Text.Json;

namespace ModelScale.ChatHost.Tests.Api;

/// <summary>--max-tokens-limit binds every path that generates: chat completions, session messages and /api/replay.</summary>
public sealed class MaxTokensLimitTests : IAsyncLifetime
{
    private const int Limit = 8;

    private ServeInstance? _serve;

    private ServeInstance Serve => _serve!;

    public async Task InitializeAsync() => _serve = await ServeInstance.StartAsync(serve: o => o.MaxTokensLimit = Limit);

    public async Task DisposeAsync() => await _serve!.DisposeAsync();

    [Fact]
    public async Task ASessionWithoutItsOwnMaximum_AnswersWithinTheLimit()
    {
        using var http = Serve.CreateHttpClient();
        var id = await NativeApi.CreateSessionAsync(http, """{"profile":"tiny"}""");

        var (_, done) = await NativeApi.SendAsync(http, id, "Go on and on");

        Assert.InRange(done.GetProperty("completionTokens").GetInt32(), 1, Limit);
        Assert.Equal("length", done.GetProperty("finishReason").GetString());
    }

    [Fact]
    public async Task ASessionThatAsksForMoreThanTheLimit_IsRefused()
    {
        using var http = Serve.CreateHttpClient();

        using var created = await ApiAssert.PostAsync(http, "/api/sessions", """{"profile":"tiny","maxTokens":500}""");
        await ApiAssert.ErrorAsync(created, HttpStatusCode.BadRequest, param: "maxTokens");

        var id = await NativeApi.CreateSessionAsync(http, """{"profile":"tiny"}""");
        using var sampling = await http.PutAsync(new Uri($"/api/sessions/{id}/sampling", UriKind.Relative), new StringContent("""{"maxTokens":500}""", Encoding.UTF8, "application/json"));
        await ApiAssert.ErrorAsync(sampling, HttpStatusCode.BadRequest, param: "maxTokens");
    }

    [Fact]
    public async Task AnImportedConversationAskingForMore_StillAnswersWithinTheLimit()
    {
        using var http = Serve.CreateHttpClient();
        var id = await NativeApi.CreateSessionAsync(http, """{"profile":"tiny"}""");
        using (var imported = await http.PutAsync(
            new Uri($"/api/sessions/{id}/conversation", UriKind.Relative),
            new StringContent("""{"turns":[{"user":"hi","reference":"hello"}],"sampling":{"maxTokens":2003}}""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        }

        var (_, done) = await NativeApi.SendAsync(http, id, "Go on and on");

        Assert.InRange(done.GetProperty("completionTokens").GetInt32(), 1, Limit);
    }

    [Fact]
    public async Task AReplay_AnswersWithinTheLimit_AndAConversationAskingForMoreIsRefused()
    {
        using var http = Serve.CreateHttpClient();

        using var response = await ApiAssert.PostAsync(http, "/api/replay", """{"profiles":["tiny"],"conversation":{"turns":[{"user":"Go on and on"},{"user":"More"}]}}""");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        var answers = json.RootElement.GetProperty("profiles")[0].GetProperty("answers").EnumerateArray().ToList();
        Assert.Equal(2, answers.Count);
        Assert.All(answers, a => Assert.InRange(a.GetProperty("completionTokens").GetInt32(), 1, Limit));

        using var tooMany = await ApiAssert.PostAsync(http, "/api/replay", """{"profiles":["tiny"],"conversation":{"sampling":{"maxTokens":2003},"turns":[{"user":"Hi"}]}}""");
        await ApiAssert.ErrorAsync(tooMany, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AChatCompletionWithoutMaxTokens_AnswersWithinTheLimit()
    {
        using var http = Serve.CreateHttpClient();

        using var response = await ApiAssert.PostAsync(http, "/v1/chat/completions", """{"model":"tiny","temperature":0,"messages":[{"role":"user","content":"Go on and on"}]}""");

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        Assert.InRange(json.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32(), 1, Limit);
    }
}
