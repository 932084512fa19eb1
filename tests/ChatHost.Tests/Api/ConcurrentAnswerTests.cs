using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using ModelScale.ChatHost.Engine;

namespace ModelScale.ChatHost.Tests.Api;

/// <summary>Concurrent requests on one model, as serve answers them by default: decoded together, not one after another.</summary>
public sealed class ConcurrentAnswerTests
{
    [Fact]
    public async Task AShortRequest_IsAnsweredWhileALongOneOnTheSameModelIsStillStreaming()
    {
        await using var serve = await ServeInstance.StartAsync();
        var finished = new ConcurrentQueue<GenerationFinished>();
        serve.Monitor.Finished += finished.Enqueue;
        using var http = serve.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"stories","stream":true,"max_tokens":4000,"temperature":0,"messages":[{"role":"user","content":"Go on and on"}]}""", System.Text.Encoding.UTF8, "application/json"),
        };
        // The long answer is greedy on the larger own model, which never ends early and fills its context in about a
        // second here; sampled, a random model ends at once now and then.
        using var longAnswer = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await longAnswer.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line && !line.Contains("\"content\"", StringComparison.Ordinal))
        {
        }

        using var shortAnswer = await ApiAssert.PostAsync(http, "/v1/chat/completions", """{"model":"stories","max_tokens":3,"temperature":0,"messages":[{"role":"user","content":"Hi"}]}""");
        Assert.Equal(HttpStatusCode.OK, shortAnswer.StatusCode);
        var body = JsonDocument.Parse(await shortAnswer.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(3, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());

        // Answered one after another, the short one would have ended only after the long one's 4000 tokens.
        var ended = finished.ToList();
        Assert.Single(ended);
        Assert.Equal(3, ended[0].Stats?.CompletionTokens);
    }

    [Fact]
    public async Task TwoConversations_TakingTurnsOnOneModel_EachReuseTheirOwnCachedPrompt()
    {
        await using var serve = await ServeInstance.StartAsync();
        var finished = new ConcurrentQueue<GenerationFinished>();
        serve.Monitor.Finished += finished.Enqueue;
        using var http = serve.CreateHttpClient();

        var a1 = await AskAsync(http, """[{"role":"user","content":"Once upon a time there was a cat."}]""");
        await AskAsync(http, """[{"role":"user","content":"The sun was big and yellow in the sky today."}]""");
        await AskAsync(http, $$"""[{"role":"user","content":"Once upon a time there was a cat."},{"role":"assistant","content":{{JsonSerializer.Serialize(a1)}}},{"role":"user","content":"What did the cat do?"}]""");

        var third = finished.Last().Stats!;
        var first = finished.First().Stats!;
        Assert.True(third.CachedPromptTokens >= first.PromptTokens - 1, $"the third answer reused {third.CachedPromptTokens} cached tokens; the first conversation's prompt had {first.PromptTokens}");
    }

    private static async Task<string> AskAsync(HttpClient http, string messages)
    {
        using var response = await ApiAssert.PostAsync(http, "/v1/chat/completions", $$"""{"model":"stories","max_tokens":12,"temperature":0,"messages":{{messages}}}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
    }
}
