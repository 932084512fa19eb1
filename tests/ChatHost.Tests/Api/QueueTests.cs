using System.Net;

namespace ModelScale.ChatHost.Tests.Api;

public sealed class QueueTests
{
    /// <summary>Opens a long streamed answer on "tiny" and returns once its headers are in (the model is then busy).</summary>
    // The long streams use the larger own model ("stories", a few hundred tokens a second here): the tiny one runs to
    // the end of its 512-token context within 0.1 s, so a slot could free itself before the next request arrives.
    private static async Task<HttpResponseMessage> StartLongStreamAsync(HttpClient http, string content = "Go on")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent($$"""{"model":"stories","stream":true,"max_tokens":4000,"temperature":0,"messages":[{"role":"user","content":"{{content}}"}]}""", System.Text.Encoding.UTF8, "application/json"),
        };
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    [Fact]
    public async Task ARequestBeyondAFullQueue_Gets503WithAnOpenAiStyleError()
    {
        await using var serve = await ServeInstance.StartAsync(engine: o =>
        {
            o.QueueLength = 0;
            o.Parallel = 1;
        });
        var http = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = serve.BaseUrl };
        var busy = await StartLongStreamAsync(http);
        Assert.Equal(HttpStatusCode.OK, busy.StatusCode);

        using var other = serve.CreateHttpClient();
        using var refused = await ApiAssert.PostAsync(other, "/v1/chat/completions", """{"model":"stories","max_tokens":2,"messages":[{"role":"user","content":"Hi"}]}""");
        var error = await ApiAssert.ErrorAsync(refused, HttpStatusCode.ServiceUnavailable, "model_busy");
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.NotNull(refused.Headers.RetryAfter);

        // Another model is not held up by the busy one.
        using var elsewhere = await ApiAssert.PostAsync(other, "/v1/chat/completions", """{"model":"tiny","max_tokens":2,"messages":[{"role":"user","content":"Hi"}]}""");
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);

        busy.Dispose();
        http.Dispose();
    }

    [Fact]
    public async Task ABatchedModel_AnswersAsManyAsItHasSequences_AndRefusesTheNextWhenNoneMayWait()
    {
        await using var serve = await ServeInstance.StartAsync(engine: o =>
        {
            o.QueueLength = 0;
            o.Parallel = 2;
        });
        var http = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = serve.BaseUrl };
        var streams = new List<HttpResponseMessage>();
        for (var i = 0; i < 2; i++)
        {
            var response = await StartLongStreamAsync(http, $"Go on {i}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            streams.Add(response);
        }

        using var other = serve.CreateHttpClient();
        using var refused = await ApiAssert.PostAsync(other, "/v1/chat/completions", """{"model":"stories","max_tokens":2,"messages":[{"role":"user","content":"Hi"}]}""");
        await ApiAssert.ErrorAsync(refused, HttpStatusCode.ServiceUnavailable, "model_busy");

        streams.ForEach(s => s.Dispose());
        http.Dispose();
    }
}
