using ModelScale.Tests.Shared;
using System.Net;

namespace ModelScale.ChatHost.Tests.Api;

/// <summary>Every bad input gets a 4xx with an OpenAI-style error, and the service answers the next request.</summary>
[Collection(ServeCollection.Name)]
public sealed class BadInputTests(ServeFixture fixture)
{
    private const string Good = """{"model":"stories","messages":[{"role":"user","content":"Hi"}],"max_tokens":4,"temperature":0}""";

    private ServeInstance Serve => fixture.Instance;

    [Theory]
    [InlineData("""{"model":"stories","messages":[{"role":"user","content":"Hi"}""", "invalid_json", null)]
    [InlineData("""not json at all""", "invalid_json", null)]
    [InlineData("""{"model":"stories","messages":"Hi"}""", "invalid_type", "messages")]
    [InlineData("""{"model":"stories","messages":[{"role":"user","content":"Hi"}],"temperature":"hot"}""", "invalid_type", "temperature")]
    [InlineData("""{"model":"stories","messages":[{"role":"user","content":"Hi"}],"max_tokens":"many"}""", "invalid_type", "max_tokens")]
    [InlineData("""{"model":"stories","messages":[{"role":"user","content":"Hi"}],"stream":"yes"}""", "invalid_type", "stream")]
    [InlineData("""{"model":42,"messages":[{"role":"user","content":"Hi"}]}""", "invalid_type", "model")]
    [InlineData("""{"model":"stories","messages":[{"role":"user","content":42}]}""", "invalid_type", "messages[0].content")]
    [InlineData("""{"model":"stories","messages":[{"role":"user","content":"Hi"}],"stop":7}""", "invalid_type", "stop")]
    [InlineData("""null""", null, null)]
    public async Task MalformedJsonOrWrongTypes_Get400(string body, string? code, string? param)
    {
        using var http = Serve.CreateHttpClient();

        using var response = await ApiAssert.PostAsync(http, "/v1/chat/completions", body);

        var error = await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, code, param);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        await ServiceStillAnswers(http);
    }

    [Theory]
    [InlineData("""{"model":"stories","messages":[]}""", "messages")]
    [InlineData("""{"model":"stories"}""", "messages")]
    [InlineData("""{"messages":[{"role":"user","content":"Hi"}]}""", "model")]
    [InlineData("""{"model":"stories","messages":[{"role":"tool","content":"Hi"}]}""", "messages[0].tool_call_id")]
    [InlineData("""{"model":"stories","messages":[{"role":"user","content":"Hi"}],"temperature":3}""", "temperature")]
    [InlineData("""{"model":"stories","messages":[{"role":"user","content":"Hi"}],"max_tokens":0}""", "max_tokens")]
    [InlineData("""{"model":"stories","messages":[{"role":"user","content":"Hi"}],"max_tokens":1000000}""", "max_tokens")]
    [InlineData("""{"model":"stories","messages":[{"role":"user","content":"Hi"}],"n":2}""", "n")]
    public async Task EmptyOrOutOfRangeFields_Get400WithTheParam(string body, string param)
    {
        using var http = Serve.CreateHttpClient();

        using var response = await ApiAssert.PostAsync(http, "/v1/chat/completions", body);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, param: param);
        await ServiceStillAnswers(http);
    }

    [Theory]
    [InlineData("no-such-model")]
    [InlineData("../../etc/passwd")]
    [InlineData("/work/shared/models/stories260K.gguf")]
    [InlineData("70b")]
    public async Task UnknownModelOrAPathOrAModelNotOnDisk_Get404ModelNotFound(string model)
    {
        using var http = Serve.CreateHttpClient();

        using var response = await ApiAssert.PostAsync(http, "/v1/chat/completions", $$"""{"model":{{System.Text.Json.JsonSerializer.Serialize(model)}},"messages":[{"role":"user","content":"Hi"}]}""");

        await ApiAssert.ErrorAsync(response, HttpStatusCode.NotFound, "model_not_found", "model");
        await ServiceStillAnswers(http);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PromptLongerThanTheContext_Gets400ContextLengthExceeded(bool stream)
    {
        using var http = Serve.CreateHttpClient();
        var longText = string.Concat(Enumerable.Repeat("hello there ", 1500));

        using var response = await ApiAssert.PostAsync(http, "/v1/chat/completions", $$"""{"model":"stories","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"{{longText}}"}]}""");

        var error = await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "context_length_exceeded", "messages");
        Assert.Contains($"{OwnModels.TinyShape.ContextLength}", error.GetProperty("message").GetString());
        await ServiceStillAnswers(http);
    }

    [Fact]
    public async Task BodyLargerThanTheCap_Gets413()
    {
        // Over a raw socket, announcing 2 MiB without sending it: Kestrel answers from the Content-Length alone, so the
        // test never races a client still writing a body the server has already refused (a reset on loopback).
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(Serve.BaseUrl.Host, Serve.BaseUrl.Port);
        var stream = tcp.GetStream();
        var head = $"POST /v1/chat/completions HTTP/1.1\r\nHost: {Serve.BaseUrl.Authority}\r\nContent-Type: application/json\r\nContent-Length: {2 << 20}\r\n\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head));
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var status = await reader.ReadLineAsync(timeout.Token);
        var rest = new System.Text.StringBuilder();
        while (!rest.ToString().Contains("request_too_large", StringComparison.Ordinal) && await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            rest.AppendLine(line);
        }

        Assert.StartsWith("HTTP/1.1 413", status, StringComparison.Ordinal);
        Assert.Contains("\"code\":\"request_too_large\"", rest.ToString(), StringComparison.Ordinal);
        await ServiceStillAnswers(Serve.CreateHttpClient());
    }

    private static async Task ServiceStillAnswers(HttpClient http)
    {
        using var response = await ApiAssert.PostAsync(http, "/v1/chat/completions", Good);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
