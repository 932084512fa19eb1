using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using ModelScale.Tests.Shared;
using OllamaSharp;

namespace ModelScale.ChatHost.Tests.Api.Ollama;

/// <summary>
/// /api/pull downloads a catalog profile (its source a local fixture server) with Ollama's progress lines; the
/// instance has an API key, which the Ollama routes ask for like every other.
/// </summary>
public sealed class OllamaPullTests : IAsyncLifetime
{
    private const string Key = "ollama-key";
    private readonly FixtureHttpServer _server = new();
    private ServeInstance? _serve;
    private byte[] _bytes = [];

    private ServeInstance Serve => _serve!;

    public async Task InitializeAsync()
    {
        _bytes = await File.ReadAllBytesAsync(OwnModels.Other);
        var checkedUrl = _server.Serve("/models/checked.gguf", _bytes);
        var uncheckedUrl = _server.Serve("/models/unchecked.gguf", _bytes);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(_bytes));
        _serve = await ServeInstance.StartAsync(
            apiKey: Key,
            extraProfiles: $$"""
                { "id": "pulled", "displayName": "Pulled", "source": { "file": "pulled.gguf", "url": "{{checkedUrl}}" }, "sha256": "{{sha256}}", "sizeBytes": {{_bytes.Length}} },
                { "id": "pulled-unchecked", "displayName": "Pulled without a checksum", "source": { "file": "unchecked.gguf", "url": "{{uncheckedUrl}}" } }
                """);
    }

    public async Task DisposeAsync()
    {
        if (_serve is not null)
        {
            await _serve.DisposeAsync();
        }

        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Pull_StreamsProgress_ThenTheModelIsListed_WithTheCatalogsDigest()
    {
        using var http = Serve.CreateHttpClient(Key);

        using var response = await ApiAssert.PostAsync(http, "/api/pull", """{"model":"pulled:latest"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(_bytes));
        Assert.Equal("pulling manifest", lines[0].GetProperty("status").GetString());
        Assert.Equal("success", lines[^1].GetProperty("status").GetString());
        Assert.Contains(lines, l => l.GetProperty("status").GetString() == "verifying sha256 digest");
        var progress = lines.Where(l => l.TryGetProperty("completed", out _)).ToList();
        Assert.NotEmpty(progress);
        Assert.All(progress, p => Assert.Equal($"sha256:{sha256}", p.GetProperty("digest").GetString()));
        Assert.Equal(_bytes.Length, progress[^1].GetProperty("completed").GetInt64());
        Assert.Equal(_bytes.Length, progress[^1].GetProperty("total").GetInt64());

        using var tags = await http.GetAsync("/api/tags");
        var pulled = JsonDocument.Parse(await tags.Content.ReadAsStringAsync()).RootElement.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "pulled:latest");
        Assert.Equal(sha256, pulled.GetProperty("digest").GetString());
        Assert.Equal(_bytes.Length, pulled.GetProperty("size").GetInt64());
    }

    [Fact]
    public async Task Pull_ThroughOllamaSharp_EndsInSuccess_AndTheModelAnswers()
    {
        using var client = new OllamaApiClient(Serve.CreateHttpClient(Key), "pulled-unchecked");

        var statuses = new List<string>();
        await foreach (var line in client.PullModelAsync("pulled-unchecked"))
        {
            statuses.Add(line!.Status);
        }

        Assert.Equal("success", statuses[^1]);
        var answer = new System.Text.StringBuilder();
        // Greedy and long enough to hold a whole character: two sampled tokens of the byte-level test vocabulary could be
        // an end-of-text or half of a UTF-8 character, an empty answer once in a while.
        await foreach (var line in client.GenerateAsync(new OllamaSharp.Models.GenerateRequest { Prompt = "hi", Options = new OllamaSharp.Models.RequestOptions { NumPredict = 8, Temperature = 0, Seed = 1 } }))
        {
            answer.Append(line!.Response);
        }

        Assert.NotEmpty(answer.ToString());
    }

    [Fact]
    public async Task Pull_NotStreamed_AnswersOneSuccess()
    {
        using var http = Serve.CreateHttpClient(Key);

        using var response = await ApiAssert.PostAsync(http, "/api/pull", """{"name":"pulled","stream":false}""");

        Assert.Equal("""{"status":"success"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OllamaSharp_WithoutTheKey_GetsA401_AndWithIt_IsServed()
    {
        using var without = new OllamaApiClient(Serve.CreateHttpClient(), "pulled");
        using var with = new OllamaApiClient(Serve.CreateHttpClient(Key), "pulled");

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => without.ListLocalModelsAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.NotEmpty(await with.ListLocalModelsAsync());
    }

    [Theory]
    [InlineData("/api/tags")]
    [InlineData("/api/ps")]
    [InlineData("/api/version")]
    public async Task WithoutTheKey_TheOllamaRoutesAre401(string path)
    {
        using var http = Serve.CreateHttpClient();

        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
