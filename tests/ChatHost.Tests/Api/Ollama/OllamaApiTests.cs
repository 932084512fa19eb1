using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelScale.ChatHost.Engine;

namespace ModelScale.ChatHost.Tests.Api.Ollama;

/// <summary>The Ollama API over raw HTTP: NDJSON, Ollama's error shape, the refusals, load and unload, and the native routes beside it.</summary>
[Collection(ServeCollection.Name)]
public sealed class OllamaApiTests(ServeFixture fixture)
{
    private ServeInstance Serve => fixture.Instance;

    /// <summary>Asserts the status and Ollama's error shape, {"error": "..."} and nothing else; returns the sentence.</summary>
    private static async Task<string> OllamaErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        var property = Assert.Single(json.RootElement.EnumerateObject());
        Assert.Equal("error", property.Name);
        Assert.Equal(JsonValueKind.String, property.Value.ValueKind);
        return property.Value.GetString()!;
    }

    [Fact]
    public async Task Chat_StreamsNdJson_ByDefault_OneObjectPerLine()
    {
        using var http = Serve.CreateHttpClient();

        using var response = await ApiAssert.PostAsync(http, "/api/chat", """{"model":"stories","messages":[{"role":"user","content":"Hello"}],"options":{"num_predict":4,"seed":1}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("1", response.Headers.GetValues("X-ModelScale-Seed").Single());
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.True(lines.Count >= 2);
        Assert.All(lines[..^1], l => Assert.False(l.GetProperty("done").GetBoolean()));
        var last = lines[^1];
        Assert.True(last.GetProperty("done").GetBoolean());
        Assert.Equal("length", last.GetProperty("done_reason").GetString());
        Assert.Equal(4, last.GetProperty("eval_count").GetInt32());
        Assert.Equal(string.Empty, last.GetProperty("message").GetProperty("content").GetString());
        Assert.True(DateTimeOffset.TryParse(last.GetProperty("created_at").GetString(), out _));
        foreach (var key in new[] { "total_duration", "load_duration", "prompt_eval_count", "prompt_eval_duration", "eval_duration" })
        {
            Assert.True(last.TryGetProperty(key, out var value) && value.GetInt64() >= 0, key);
        }
    }

    [Fact]
    public async Task Format_WithASchema_GivesJsonThatFollowsIt()
    {
        using var http = Serve.CreateHttpClient();
        const string schema = """{"type":"object","properties":{"colour":{"enum":["red","green","blue"]},"ok":{"type":"boolean"}},"required":["colour","ok"],"additionalProperties":false}""";

        using var response = await ApiAssert.PostAsync(http, "/api/chat", """{"model":"stories","stream":false,"format":""" + schema + ""","messages":[{"role":"user","content":"Pick a colour."}],"options":{"temperature":1,"seed":5,"num_predict":200}}""");

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        using var answer = JsonDocument.Parse(json.RootElement.GetProperty("message").GetProperty("content").GetString()!);
        Assert.Contains(answer.RootElement.GetProperty("colour").GetString(), new[] { "red", "green", "blue" });
        Assert.True(answer.RootElement.GetProperty("ok").ValueKind is JsonValueKind.True or JsonValueKind.False);
        Assert.Equal("stop", json.RootElement.GetProperty("done_reason").GetString());
    }

    [Fact]
    public async Task Seed_SameSeedSameAnswer_AndTheDrawnSeedIsReturned()
    {
        using var http = Serve.CreateHttpClient();
        const string body = """{"model":"stories","prompt":"Once","stream":false,"options":{"temperature":1.5,"num_predict":12,"seed":99}}""";

        using var first = await ApiAssert.PostAsync(http, "/api/generate", body);
        using var second = await ApiAssert.PostAsync(http, "/api/generate", body);
        using var unseeded = await ApiAssert.PostAsync(http, "/api/generate", body.Replace(",\"seed\":99", "", StringComparison.Ordinal));

        Assert.Equal(Response(await first.Content.ReadAsStringAsync()), Response(await second.Content.ReadAsStringAsync()));
        Assert.True(long.TryParse(unseeded.Headers.GetValues("X-ModelScale-Seed").Single(), out _));

        static string Response(string json) => JsonDocument.Parse(json).RootElement.GetProperty("response").GetString()!;
    }

    [Theory]
    [InlineData("/api/chat", """{"model":"stories","messages":[{"role":"user","content":"hi"}],"options":{"num_gpu_layers":3}}""", "num_gpu_layers")]
    [InlineData("/api/chat", """{"model":"stories","messages":[{"role":"user","content":"hi"}],"options":{"mirostat":2}}""", "mirostat")]
    [InlineData("/api/chat", """{"model":"stories","messages":[{"role":"user","content":"hi"}],"options":{"temperature":"hot"}}""", "temperature")]
    [InlineData("/api/chat", """{"model":"stories","messages":[{"role":"user","content":"hi"}],"options":{"num_predict":0}}""", "num_predict")]
    [InlineData("/api/chat", """{"model":"stories","messages":[{"role":"user","content":"hi"}],"options":{"top_p":3}}""", "top_p")]
    [InlineData("/api/chat", """{"model":"stories","messages":[{"role":"user","content":"hi"}],"keep_alive":"soon"}""", "keep_alive")]
    [InlineData("/api/chat", """{"model":"stories","messages":[{"role":"user","content":"hi"}],"think":true}""", "thinking")]
    [InlineData("/api/chat", """{"model":"stories","messages":[{"role":"user","content":"hi"}],"format":"xml"}""", "format")]
    [InlineData("/api/chat", """{"model":"stories","messages":[{"role":"user","content":"hi"}],"format":{"type":"string","pattern":"a+"}}""", "pattern")]
    [InlineData("/api/chat", """{"model":"stories","messages":[{"role":"user","content":"hi","images":["aGk="]}]}""", "images")]
    [InlineData("/api/chat", """{"model":"stories","messages":[{"role":"robot","content":"hi"}]}""", "robot")]
    [InlineData("/api/chat", """{"model":"stories","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"description":"no name"}}]}""", "name")]
    [InlineData("/api/chat", """{"model":"stories","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"s":{"type":"string","pattern":"a+"}}}}}]}""", "pattern")]
    [InlineData("/api/chat", """{"model":"stories","messages":[{"role":"user","content":"hi"}],"logprobs":true}""", "logprobs")]
    [InlineData("/api/chat", """{"messages":[{"role":"user","content":"hi"}]}""", "model")]
    [InlineData("/api/generate", """{"model":"stories","prompt":"hi","raw":true,"system":"Be brief."}""", "'system' cannot be used with raw")]
    [InlineData("/api/generate", """{"model":"stories","prompt":"hi","raw":true,"context":[1,2]}""", "'context' cannot be used with raw")]
    [InlineData("/api/generate", """{"model":"stories","prompt":"hi","keep_alive":"300"}""", "'keep_alive'")]
    [InlineData("/api/generate", """{"model":"stories","prompt":"hi","keep_alive":true}""", "'keep_alive'")]
    [InlineData("/api/chat", """{"model":"stories","messages":[{"role":"user","content":"hi"}],"keep_alive":"99999999h"}""", "'keep_alive'")]
    [InlineData("/api/embed", """{"model":"stories","input":"hi","keep_alive":"forever"}""", "'keep_alive'")]
    [InlineData("/api/embeddings", """{"model":"stories","prompt":"hi","keep_alive":[]}""", "'keep_alive'")]
    [InlineData("/api/generate", """{"model":"stories","prompt":"hi","suffix":"end"}""", "'stories' cannot fill in the middle")]
    [InlineData("/api/generate", """{"model":"stories","prompt":"hi","suffix":"end","raw":true}""", "'suffix' cannot be used with raw")]
    [InlineData("/api/generate", """{"model":"stories","prompt":"hi","suffix":"end","system":"Be brief."}""", "'system' cannot be used with suffix")]
    [InlineData("/api/generate", """{"model":"stories","prompt":"hi","context":[1,2,3]}""", "context")]
    [InlineData("/api/generate", """{"model":"stories","prompt":"hi","template":"{{ .Prompt }}"}""", "template")]
    [InlineData("/api/embed", """{"model":"stories","input":"hi","dimensions":8}""", "dimensions")]
    [InlineData("/api/embed", """{"model":"stories","input":[]}""", "input")]
    [InlineData("/api/embed", """{"model":"stories","input":"hi","options":{"num_ctx":64}}""", "num_ctx")]
    [InlineData("/api/show", """{}""", "model")]
    [InlineData("/api/pull", """{"model":"stories","insecure":true}""", "insecure")]
    [InlineData("/api/chat", """{"model":"stories","messages":""", "JSON")]
    public async Task ABadRequest_Is400_InOllamasErrorShape_NamingWhatIsWrong(string path, string body, string named)
    {
        using var http = Serve.CreateHttpClient();

        using var response = await ApiAssert.PostAsync(http, path, body);

        var message = await OllamaErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(named, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/chat", """{"model":"no-such","messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData("/api/chat", """{"model":"stories:7b","messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData("/api/generate", """{"model":"no-such","prompt":"hi"}""")]
    [InlineData("/api/embed", """{"model":"no-such","input":"hi"}""")]
    [InlineData("/api/show", """{"model":"no-such"}""")]
    [InlineData("/api/pull", """{"model":"no-such"}""")]
    public async Task AnUnknownModel_Is404_InOllamasErrorShape(string path, string body)
    {
        using var http = Serve.CreateHttpClient();

        using var response = await ApiAssert.PostAsync(http, path, body);

        await OllamaErrorAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheOlderEmbeddingsRoute_GivesTheSameVector_AsEmbed()
    {
        using var http = Serve.CreateHttpClient();

        using var legacy = await ApiAssert.PostAsync(http, "/api/embeddings", """{"model":"stories","prompt":"a big red ball"}""");
        using var embed = await ApiAssert.PostAsync(http, "/api/embed", """{"model":"stories","input":"a big red ball"}""");
        using var empty = await ApiAssert.PostAsync(http, "/api/embeddings", """{"model":"stories"}""");

        var vector = JsonDocument.Parse(await legacy.Content.ReadAsStringAsync()).RootElement.GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        var same = JsonDocument.Parse(await embed.Content.ReadAsStringAsync()).RootElement.GetProperty("embeddings")[0].EnumerateArray().Select(v => v.GetSingle()).ToArray();
        Assert.Equal(64, vector.Length);
        Assert.Equal(same, vector);
        Assert.Contains("'prompt'", await OllamaErrorAsync(empty, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Embed_CutsAnInputLongerThanTheWindow_AsOllamaDoes_UnlessTruncateIsFalse()
    {
        using var http = Serve.CreateHttpClient();
        var tooLong = new string('x', 3000);

        using var cut = await ApiAssert.PostAsync(http, "/api/embed", $$"""{"model":"stories","input":"{{tooLong}}"}""");
        using var refused = await ApiAssert.PostAsync(http, "/api/embed", $$"""{"model":"stories","input":"{{tooLong}}","truncate":false}""");
        using var openAi = await ApiAssert.PostAsync(http, "/v1/embeddings", $$"""{"model":"stories","input":"{{tooLong}}"}""");

        var body = await cut.Content.ReadAsStringAsync();
        Assert.True(cut.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(2048, json.RootElement.GetProperty("prompt_eval_count").GetInt32());
        Assert.Equal(64, json.RootElement.GetProperty("embeddings")[0].GetArrayLength());
        Assert.Contains("embeds at most 2048", await OllamaErrorAsync(refused, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        // OpenAI's API has no truncate: an over-long input stays a 400 there.
        Assert.Equal(HttpStatusCode.BadRequest, openAi.StatusCode);
    }

    [Fact]
    public async Task APromptLongerThanTheContext_Is400_BeforeAnyLine()
    {
        using var http = Serve.CreateHttpClient();
        var prompt = string.Join(' ', Enumerable.Repeat("once upon a time there was a dog", 400));

        using var response = await ApiAssert.PostAsync(http, "/api/generate", JsonSerializer.Serialize(new { model = "stories", prompt }));

        var message = await OllamaErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("context", message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task NoMessages_LoadsTheModel_AndKeepAliveZero_UnloadsIt()
    {
        using var http = Serve.CreateHttpClient();
        var engine = Serve.Services.GetRequiredService<IModelEngine>();

        using var load = await ApiAssert.PostAsync(http, "/api/chat", """{"model":"tiny:latest","messages":[]}""");
        var loaded = JsonDocument.Parse(await load.Content.ReadAsStringAsync()).RootElement;
        var residentAfterLoad = ResidentModels.Of(engine).Any(m => m.Id == "tiny");
        using var unload = await ApiAssert.PostAsync(http, "/api/generate", """{"model":"tiny","keep_alive":0}""");
        var unloaded = JsonDocument.Parse(await unload.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal("load", loaded.GetProperty("done_reason").GetString());
        Assert.True(loaded.GetProperty("done").GetBoolean());
        Assert.True(residentAfterLoad);
        Assert.Equal("unload", unloaded.GetProperty("done_reason").GetString());
        Assert.DoesNotContain(ResidentModels.Of(engine), m => m.Id == "tiny");
    }

    [Fact]
    public async Task KeepAliveZero_UnloadsTheModel_AfterItsAnswer()
    {
        using var http = Serve.CreateHttpClient();

        using var response = await ApiAssert.PostAsync(http, "/api/generate", """{"model":"tiny","prompt":"hi","stream":false,"keep_alive":"0s","options":{"num_predict":2,"temperature":0}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("eval_count").GetInt32());
        Assert.DoesNotContain(ResidentModels.Of(Serve.Services.GetRequiredService<IModelEngine>()), m => m.Id == "tiny");
    }

    [Fact]
    public async Task NumCtx_LoadsTheModelWithThatContext()
    {
        using var http = Serve.CreateHttpClient();

        using var response = await ApiAssert.PostAsync(http, "/api/generate", """{"model":"tiny","prompt":"hi","stream":false,"options":{"num_predict":2,"num_ctx":128}}""");
        using var ps = await http.GetAsync("/api/ps");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var contexts = JsonDocument.Parse(await ps.Content.ReadAsStringAsync()).RootElement.GetProperty("models").EnumerateArray()
            .Where(m => m.GetProperty("name").GetString() == "tiny:latest").Select(m => m.GetProperty("context_length").GetInt32()).ToList();
        Assert.Contains(128, contexts);
        var resident = ResidentModels.Of(Serve.Services.GetRequiredService<IModelEngine>());
        Assert.Contains(resident, m => m.Id == "tiny" && m.ContextLength == 128);
    }

    [Theory]
    [InlineData("/api/profiles")]
    [InlineData("/api/sessions")]
    [InlineData("/api/plan/stories")]
    [InlineData("/api/tags")]
    [InlineData("/api/ps")]
    [InlineData("/api/version")]
    public async Task TheNativeRoutes_AndTheOllamaRoutes_AnswerSideBySide(string path)
    {
        using var http = Serve.CreateHttpClient();

        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AnotherWebOrigin_IsRefused_AsOnEveryOtherRoute()
    {
        using var http = Serve.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat") { Content = new StringContent("""{"model":"stories","messages":[]}""") };
        request.Headers.Add("Origin", "https://evil.example");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task AWrongHost_IsRefused_AsOnEveryOtherRoute()
    {
        using var http = Serve.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/tags");
        request.Headers.Host = "attacker.example";

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("POST", "/api/create", """{"model":"mine","from":"stories"}""", "does not create models (/api/create)")]
    [InlineData("POST", "/api/copy", """{"source":"stories","destination":"mine"}""", "does not copy models (/api/copy)")]
    [InlineData("DELETE", "/api/delete", """{"model":"stories"}""", "does not delete models over HTTP (/api/delete)")]
    [InlineData("POST", "/api/push", """{"model":"stories"}""", "does not push models to a registry (/api/push)")]
    [InlineData("POST", "/api/blobs/sha256:0123", "GGUF", "does not take model blobs (/api/blobs)")]
    public async Task OllamasModelManagement_IsRefusedByName_InOllamasShape_AndChangesNothing(string method, string path, string body, string sentence)
    {
        using var http = Serve.CreateHttpClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };

        var error = await OllamaErrorAsync(await http.SendAsync(request), HttpStatusCode.NotFound);

        Assert.StartsWith($"ModelScale {sentence}", error, StringComparison.Ordinal);
        using var tags = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/tags", UriKind.Relative)));
        Assert.Contains(tags.RootElement.GetProperty("models").EnumerateArray(), m => m.GetProperty("name").GetString() == "stories:latest");
        Assert.DoesNotContain(tags.RootElement.GetProperty("models").EnumerateArray(), m => m.GetProperty("name").GetString()!.StartsWith("mine", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OllamasBlobCheck_IsRefusedByName_WithoutABody()
    {
        using var http = Serve.CreateHttpClient();

        using var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/blobs/sha256:0123"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }
}
