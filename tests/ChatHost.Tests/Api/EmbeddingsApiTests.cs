using System.Net;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Sessions;
using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Api;

/// <summary>POST /v1/embeddings over a real Kestrel, with raw HTTP, the OpenAI .NET client and the engine's IEmbeddingGenerator.</summary>
[Collection(ServeCollection.Name)]
public sealed class EmbeddingsApiTests(ServeFixture fixture)
{
    private ServeInstance Serve => fixture.Instance;

    [SharedModelsFact]
    public async Task AnArrayOfStrings_GetsOneUnitVectorEach_InOrder_WithUsage()
    {
        using var http = Serve.CreateHttpClient();

        using var response = await ApiAssert.PostAsync(http, "/v1/embeddings", """{"model":"stories","input":["Once upon a time","a big red ball","Once upon a time"]}""");

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal("list", root.GetProperty("object").GetString());
        Assert.Equal("stories", root.GetProperty("model").GetString());
        var data = root.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2], data.Select(d => d.GetProperty("index").GetInt32()));
        Assert.All(data, d => Assert.Equal("embedding", d.GetProperty("object").GetString()));
        var vectors = data.Select(d => d.GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToList();
        Assert.All(vectors, v => Assert.Equal(64, v.Length));
        Assert.All(vectors, v => Assert.Equal(1.0, Math.Sqrt(v.Sum(x => (double)x * x)), 3));
        Assert.Equal(vectors[0], vectors[2]);
        Assert.NotEqual(vectors[0], vectors[1]);
        var usage = root.GetProperty("usage");
        Assert.True(usage.GetProperty("prompt_tokens").GetInt32() >= 6);
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32(), usage.GetProperty("total_tokens").GetInt32());
    }

    [SharedModelsFact]
    public async Task TheOpenAiClient_ReadsFloatAndBase64_AsTheSameVector()
    {
        var client = new OpenAI.Embeddings.EmbeddingClient("tiny", new System.ClientModel.ApiKeyCredential("no-key"), new OpenAI.OpenAIClientOptions
        {
            Endpoint = new Uri(Serve.BaseUrl, "/v1"),
        });
        using var http = Serve.CreateHttpClient();

        // The OpenAI .NET client asks for base64 by default.
        var fromClient = (await client.GenerateEmbeddingAsync("The quick brown fox")).Value.ToFloats().ToArray();
        using var floats = await ApiAssert.PostAsync(http, "/v1/embeddings", """{"model":"tiny","input":"The quick brown fox","encoding_format":"float"}""");
        using var json = JsonDocument.Parse(await floats.Content.ReadAsStringAsync());
        var fromFloats = json.RootElement.GetProperty("data")[0].GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()).ToArray();

        Assert.NotEmpty(fromClient);
        Assert.Equal(fromFloats, fromClient);
    }

    [SharedModelsFact]
    public async Task MicrosoftExtensionsAi_OverTheOpenAiClient_AndTheEnginesOwnGenerator_Agree()
    {
        IEmbeddingGenerator<string, Embedding<float>> overHttp = new OpenAI.Embeddings.EmbeddingClient("stories", new System.ClientModel.ApiKeyCredential("no-key"), new OpenAI.OpenAIClientOptions
        {
            Endpoint = new Uri(Serve.BaseUrl, "/v1"),
        }).AsIEmbeddingGenerator();
        using var direct = await Serve.Services.GetRequiredService<ProfileClients>().EmbeddingsForAsync("stories");

        var remote = await overHttp.GenerateAsync(["Lily liked the park.", "The sun was hot."]);
        var local = await direct.GenerateAsync(["Lily liked the park.", "The sun was hot."]);

        Assert.Equal(2, remote.Count);
        Assert.Equal(local[0].Vector.ToArray(), remote[0].Vector.ToArray());
        Assert.Equal(local[1].Vector.ToArray(), remote[1].Vector.ToArray());
        Assert.Equal(local.Usage!.InputTokenCount, remote.Usage!.InputTokenCount);
        Assert.IsType<LeasedEmbeddingGenerator>(direct);
        Assert.Contains(Serve.Services.GetRequiredService<IModelEngine>().Resident, m => m.Id == "stories");
    }

    [Theory]
    [InlineData("""{"model":"stories","input":"hi","dimensions":4}""", "dimensions", "unsupported_parameter")]
    [InlineData("""{"model":"stories","input":"hi","encoding_format":"int8"}""", "encoding_format", null)]
    [InlineData("""{"model":"stories","input":"hi","truncate":true}""", "truncate", "unsupported_parameter")]
    [InlineData("""{"model":"stories","input":[1,2,3]}""", "input", null)]
    [InlineData("""{"model":"stories","input":[]}""", "input", null)]
    [InlineData("""{"model":"stories","input":""}""", "input", null)]
    [InlineData("""{"model":"stories","input":["ok",""]}""", "input", null)]
    [InlineData("""{"model":"stories"}""", "input", null)]
    [InlineData("""{"input":"hi"}""", "model", null)]
    public async Task ABadRequest_Is400_NamingTheField(string body, string param, string? code)
    {
        using var http = Serve.CreateHttpClient();

        using var response = await ApiAssert.PostAsync(http, "/v1/embeddings", body);

        var error = await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, code);
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Contains(param, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProfileNotOnDisk_Is404()
    {
        using var http = Serve.CreateHttpClient();

        using var response = await ApiAssert.PostAsync(http, "/v1/embeddings", """{"model":"no-such-profile","input":"hi"}""");

        await ApiAssert.ErrorAsync(response, HttpStatusCode.NotFound, "model_not_found");
    }

    [Fact]
    public async Task AnEmbeddingsContextBeyondTheMemoryBudget_Gets503InsufficientMemory_AndTheModelStays()
    {
        // The budget holds the model's chat context and half of its embeddings context, as /api/plan tells them.
        using var http = Serve.CreateHttpClient();
        var plan = await NativeApi.GetAsync(http, "/api/plan/stories");
        var host = plan.GetProperty("host");
        var chat = host.GetProperty("totalBytes").GetInt64() - host.GetProperty("overheadBytes").GetInt64();
        var embeddings = plan.GetProperty("embeddings").GetProperty("hostBytes").GetInt64();
        await using var starved = await ServeInstance.StartAsync(engine: o => o.MemoryBudget = new MemoryBudget(chat + (embeddings / 2), []));
        using var client = starved.CreateHttpClient();

        var error = await ApiAssert.ErrorAsync(
            await ApiAssert.PostAsync(client, "/v1/embeddings", """{"model":"stories","input":"hi"}"""), HttpStatusCode.ServiceUnavailable, "insufficient_memory");
        using var ollama = await ApiAssert.PostAsync(client, "/api/embed", """{"model":"stories","input":"hi"}""");

        Assert.Contains("embeddings context", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ollama.StatusCode);
        Assert.Contains("embeddings context", await ollama.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(ResidentModels.Of(starved.Services.GetRequiredService<IModelEngine>()), m => m.Id == "stories");
    }
}
