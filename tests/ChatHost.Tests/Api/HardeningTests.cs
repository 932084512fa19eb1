using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ModelScale.ChatHost.Tests.Api;

/// <summary>
/// Inputs from the attack run of issue 18 that were 500s or were served when they should not be: each is a 4xx with an
/// OpenAI-style body now, and the service answers the next request.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class HardeningTests(ServeFixture fixture)
{
    private ServeInstance Serve => fixture.Instance;

    [Theory]
    [InlineData("{\"model\":\"stories\",\"messages\":[{\"role\":\"user\",\"content\":\"bad \\ud800 text\"}]}")]
    [InlineData("{\"model\":\"stories\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"\\udfff\"}]}]}")]
    [InlineData("{\"model\":\"stories\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stop\":\"\\ud800\"}")]
    [InlineData("{\"model\":\"stories\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stop\":[\"ok\",\"\\udc00x\"]}")]
    public async Task ALoneSurrogateInContentOrStop_Is400(string body)
    {
        using var http = Serve.CreateHttpClient();

        using var response = await ApiAssert.PostAsync(http, "/v1/chat/completions", body);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest);
        await ServiceStillAnswers(http);
    }

    [Theory]
    [InlineData("{\"model\":\"stories\",\"messages\":[{\"role\":\"user\",\"content\":\"bad ", "\"}]}")]
    [InlineData("{\"model\":\"stories\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stop\":\"", "\"}")]
    [InlineData("{\"model\":\"stories\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stop\":[\"", "\"]}")]
    public async Task InvalidUtf8InContentOrStop_Is400(string before, string after)
    {
        using var http = Serve.CreateHttpClient();
        byte[] body = [.. Encoding.UTF8.GetBytes(before), 0xFF, 0xC3, 0x28, .. Encoding.UTF8.GetBytes(after)];
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await http.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), content);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest);
        await ServiceStillAnswers(http);
    }

    [Fact]
    public async Task ALoneSurrogateOrInvalidUtf8InASessionMessage_Is400_AndNothingIsStored()
    {
        using var http = Serve.CreateHttpClient();
        var id = await NativeApi.CreateSessionAsync(http);

        using (var response = await ApiAssert.PostAsync(http, $"/api/sessions/{id}/messages", "{\"content\":\"\\ud800\"}"))
        {
            await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest);
        }

        using var content = new ByteArrayContent([.. "{\"content\":\""u8.ToArray(), 0xFF, .. "\"}"u8.ToArray()]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using (var response = await http.PostAsync(new Uri($"/api/sessions/{id}/messages", UriKind.Relative), content))
        {
            await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest);
        }

        var detail = await NativeApi.GetAsync(http, $"/api/sessions/{id}");
        Assert.Equal(0, detail.GetProperty("messages").GetArrayLength());
    }

    [Theory]
    [InlineData("""{"turns":null}""", "\"turns\": null")]
    [InlineData("""{"turns":[null]}""", "turn 1 is null")]
    [InlineData("""{"turns":[{"user":"ok","reference":"fine"},{"user":null}]}""", "turn 2 has no \"user\" text")]
    [InlineData("""{}""", "has no \"turns\"")]
    [InlineData("""{"turns":[{"user":"hi"}],"sampling":{"temperature":5}}""", "temperature")]
    [InlineData("""{"turns":[{"user":"hi"}],"sampling":{"maxTokens":-1}}""", "maxTokens")]
    [InlineData("""[]""", "conversation object")]
    public async Task ImportingABadConversation_Is400_AndLeavesTheSessionAsItWas(string body, string expected)
    {
        using var http = Serve.CreateHttpClient();
        var id = await NativeApi.CreateSessionAsync(http, """{"profile":"stories","system":"Before","maxTokens":8}""");
        using (var seeded = await http.PutAsync(new Uri($"/api/sessions/{id}/conversation", UriKind.Relative), Json("""{"system":"Kept","turns":[{"user":"one","reference":"uno"},{"user":"two","reference":"dos"}]}""")))
        {
            Assert.Equal(HttpStatusCode.OK, seeded.StatusCode);
        }

        using var response = await http.PutAsync(new Uri($"/api/sessions/{id}/conversation", UriKind.Relative), Json(body));

        var error = await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(expected, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        var detail = await NativeApi.GetAsync(http, $"/api/sessions/{id}");
        Assert.Equal(["one", "uno", "two", "dos"], detail.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").GetString()));
        Assert.Equal("Kept", detail.GetProperty("session").GetProperty("system").GetString());
    }

    [Fact]
    public async Task MoreMessagesThanTheCap_Is400_BeforeAnythingIsRendered()
    {
        using var http = Serve.CreateHttpClient();
        var messages = Enumerable.Range(0, 9_999).Select(i => new { role = i % 2 == 0 ? "user" : "assistant", content = $"m{i}" });

        using var response = await ApiAssert.PostAsync(http, "/v1/chat/completions", JsonSerializer.Serialize(new { model = "stories", max_tokens = 4, messages }));

        var error = await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "too_many_messages", "messages");
        Assert.Contains("at most 2000", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHistoryAtTheCap_IsTrimmedInOnePass_AndAnswered()
    {
        using var http = Serve.CreateHttpClient();
        var messages = Enumerable.Range(0, 1_999).Select(i => new { role = i % 2 == 0 ? "user" : "assistant", content = $"Message number {i} of a long chat." });
        var watch = System.Diagnostics.Stopwatch.StartNew();

        using var response = await ApiAssert.PostAsync(http, "/v1/chat/completions", JsonSerializer.Serialize(new { model = "stories", max_tokens = 4, temperature = 0, messages }));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        Assert.InRange(json.RootElement.GetProperty("usage").GetProperty("prompt_tokens").GetInt32(), 1, 2048);
        Console.WriteLine($"1,999 messages trimmed and answered in {watch.ElapsedMilliseconds} ms");
    }

    [Theory]
    [InlineData("attacker.example")]
    [InlineData("attacker.example:11435")]
    [InlineData("127.0.0.1.attacker.example")]
    public async Task AForeignHostHeader_IsNotServed_AndCreatesNoSession(string host)
    {
        using var http = Serve.CreateHttpClient();
        var before = (await NativeApi.GetAsync(http, "/api/sessions")).GetArrayLength();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sessions") { Content = Json("""{"profile":"stories"}""") };
        request.Headers.Host = host;

        using var response = await http.SendAsync(request);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_host");
        using var list = new HttpRequestMessage(HttpMethod.Get, "/api/sessions");
        list.Headers.Host = host;
        using var read = await http.SendAsync(list);
        await ApiAssert.ErrorAsync(read, HttpStatusCode.BadRequest, "invalid_host");
        Assert.Equal(before, (await NativeApi.GetAsync(http, "/api/sessions")).GetArrayLength());
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    public async Task LoopbackHostHeaders_AreServed(string host)
    {
        using var http = Serve.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/sessions");
        request.Headers.Host = $"{host}:{Serve.BaseUrl.Port}";

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("https://attacker.example")]
    [InlineData("null")]
    [InlineData("http://127.0.0.1:1")]
    public async Task ASimpleCrossOriginPost_IsRefused403_AndCreatesNoSession(string origin)
    {
        using var http = Serve.CreateHttpClient();
        var before = (await NativeApi.GetAsync(http, "/api/sessions")).GetArrayLength();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sessions")
        {
            // What a form or fetch(..., {mode: "no-cors"}) on another site sends: text/plain needs no preflight.
            Content = new StringContent("""{"profile":"stories"}""", Encoding.UTF8, "text/plain"),
        };
        request.Headers.Add("Origin", origin);

        using var response = await http.SendAsync(request);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.Forbidden, "origin_not_allowed");
        Assert.Equal(before, (await NativeApi.GetAsync(http, "/api/sessions")).GetArrayLength());
    }

    [Fact]
    public async Task ASameOriginRequest_IsServed()
    {
        using var http = Serve.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sessions") { Content = Json("""{"profile":"stories"}""") };
        request.Headers.Add("Origin", $"http://{Serve.BaseUrl.Authority}");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task ASessionIsNotBusy_RightAfterItsClientWentAwayMidAnswer()
    {
        using var http = Serve.CreateHttpClient();
        var id = await NativeApi.CreateSessionAsync(http, """{"profile":"tiny","maxTokens":4000}""");
        var leaving = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0, ResponseDrainTimeout = TimeSpan.Zero }) { BaseAddress = Serve.BaseUrl };
        using (var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{id}/messages") { Content = Json("""{"content":"Go on and on"}""") })
        {
            var response = await leaving.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            var events = 0;
            while (events < 3 && await reader.ReadLineAsync() is { } line)
            {
                events += line.StartsWith("data: ", StringComparison.Ordinal) ? 1 : 0;
            }

            Assert.Equal(3, events);
            reader.Dispose();
            response.Dispose();
            leaving.Dispose();
        }

        // At once, as a client that reconnects does: the session is free (the leaving request lets go at its next token).
        using var sampling = await http.PutAsync(new Uri($"/api/sessions/{id}/sampling", UriKind.Relative), Json("""{"maxTokens":3}"""));

        Assert.True(sampling.StatusCode == HttpStatusCode.OK, await sampling.Content.ReadAsStringAsync());
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task ServiceStillAnswers(HttpClient http)
    {
        using var response = await ApiAssert.PostAsync(http, "/v1/chat/completions", """{"model":"stories","messages":[{"role":"user","content":"Hi"}],"max_tokens":4,"temperature":0}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
