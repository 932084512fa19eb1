using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelScale.ChatHost.Engine;
using OllamaSharp;
using OllamaSharp.Models;
using OllamaSharp.Models.Chat;

namespace ModelScale.ChatHost.Tests.Api.Ollama;

/// <summary>
/// keep_alive as Ollama honours it (per model, sticky, shown by /api/ps) and raw generation, driven by OllamaSharp on
/// the tests' own models.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class OllamaKeepAliveRawTests(ServeFixture fixture)
{
    private ServeInstance Serve => fixture.Instance;

    private OllamaApiClient Client(string model) =>
        new(new HttpClient { BaseAddress = Serve.BaseUrl, Timeout = TimeSpan.FromSeconds(120) }, model);

    private static async Task<string> TextAsync(IAsyncEnumerable<GenerateResponseStream?> lines)
    {
        var text = new System.Text.StringBuilder();
        await foreach (var line in lines)
        {
            text.Append(line?.Response);
        }

        return text.ToString();
    }

    private static async Task DrainAsync<T>(IAsyncEnumerable<T> lines)
    {
        await foreach (var _ in lines)
        {
        }
    }

    /// <summary>When /api/ps says the resident stories model expires.</summary>
    private static async Task<DateTime> StoriesExpiresAsync(OllamaApiClient client) =>
        (await client.ListRunningModelsAsync()).Single(m => m.Name == "stories:latest").ExpiresAt.ToUniversalTime();

    [Fact]
    public async Task KeepAlive_SetsHowLongTheModelStays_AsPsShows_UntilARequestAsksOtherwise()
    {
        using var client = Client("stories");
        using var http = Serve.CreateHttpClient();
        try
        {
            // A Go duration: an hour after the answer, not the server's five minutes.
            await DrainAsync(client.GenerateAsync(new GenerateRequest { Model = "stories", Prompt = "hi", KeepAlive = "1h", Options = new RequestOptions { NumPredict = 1 } }));
            Assert.InRange(await StoriesExpiresAsync(client), DateTime.UtcNow.AddMinutes(59), DateTime.UtcNow.AddMinutes(60.1));

            // Negative: kept until evicted, which /api/ps writes as Ollama does, Go's longest duration from now.
            await DrainAsync(client.ChatAsync(new ChatRequest
            {
                Model = "stories",
                Messages = [new Message(OllamaSharp.Models.Chat.ChatRole.User, "hi")],
                KeepAlive = "-1m",
                Options = new RequestOptions { NumPredict = 1 },
            }));
            var forever = await StoriesExpiresAsync(client);
            Assert.InRange(forever, DateTime.UtcNow.AddYears(292), DateTime.UtcNow.AddYears(293));
            Assert.Null(ResidentModels.Of(Serve.Services.GetRequiredService<IModelEngine>()).Single(m => m.Id == "stories").KeepAlive);

            // A request that asks nothing leaves the model's keep-alive as the last one set it.
            await DrainAsync(client.GenerateAsync(new GenerateRequest { Model = "stories", Prompt = "hi", Options = new RequestOptions { NumPredict = 1 } }));
            Assert.InRange(await StoriesExpiresAsync(client), forever.AddMinutes(-1), forever.AddMinutes(1));

            // /api/embed takes it too, here as a JSON number of seconds.
            using (var embed = await ApiAssert.PostAsync(http, "/api/embed", """{"model":"stories","input":"hi","keep_alive":90}"""))
            {
                Assert.Equal(HttpStatusCode.OK, embed.StatusCode);
            }

            Assert.InRange(await StoriesExpiresAsync(client), DateTime.UtcNow.AddSeconds(30), DateTime.UtcNow.AddSeconds(91));

            // A load without a prompt sets it as well.
            using (var load = await ApiAssert.PostAsync(http, "/api/generate", """{"model":"stories","keep_alive":"2h"}"""))
            {
                Assert.Equal("load", JsonDocument.Parse(await load.Content.ReadAsStringAsync()).RootElement.GetProperty("done_reason").GetString());
            }

            Assert.InRange(await StoriesExpiresAsync(client), DateTime.UtcNow.AddMinutes(119), DateTime.UtcNow.AddMinutes(120.1));
        }
        finally
        {
            // Leave stories as the other tests expect it: with the server's five minutes.
            using var reset = await ApiAssert.PostAsync(http, "/api/generate", """{"model":"stories","keep_alive":"5m"}""");
        }

        Assert.Equal(TimeSpan.FromMinutes(5), ResidentModels.Of(Serve.Services.GetRequiredService<IModelEngine>()).Single(m => m.Id == "stories").KeepAlive);
    }

    [Fact]
    public async Task Raw_GivesThePromptToTheModelAsItIs_AndAnswersAsTheLegacyCompletionsEndpoint()
    {
        using var client = Client("stories");
        using var http = Serve.CreateHttpClient();
        const string prompt = "Once upon a time";
        var options = new RequestOptions { NumPredict = 6, Temperature = 0 };
        var engine = Serve.Services.GetRequiredService<IModelEngine>();

        _ = await TextAsync(client.GenerateAsync(new GenerateRequest { Model = "stories", Prompt = prompt, Options = options }));
        var templatedPrompt = engine.Resident.First(m => m.Id == "stories").LastPrompt;
        var raw = await TextAsync(client.GenerateAsync(new GenerateRequest { Model = "stories", Prompt = prompt, Raw = true, Options = options }));
        var rawPrompt = engine.Resident.First(m => m.Id == "stories").LastPrompt;
        using var completion = await ApiAssert.PostAsync(http, "/v1/completions", JsonSerializer.Serialize(new { model = "stories", prompt, max_tokens = 6, temperature = 0 }));
        var completionText = JsonDocument.Parse(await completion.Content.ReadAsStringAsync()).RootElement.GetProperty("choices")[0].GetProperty("text").GetString();

        Assert.Equal(prompt, rawPrompt);
        Assert.NotEqual(prompt, templatedPrompt);
        Assert.Contains(prompt, templatedPrompt, StringComparison.Ordinal);
        Assert.NotEmpty(raw);
        Assert.Equal(completionText, raw);
    }

    [Fact]
    public async Task RawOrSuffix_OnARemoteTier_Is400NamingTheField()
    {
        var far = """{ "id": "far", "displayName": "a remote tier", "remote": { "baseUrl": "http://127.0.0.1:9/v1", "model": "x" } }""";
        await using var front = await ServeInstance.StartAsync(extraProfiles: far);
        using var http = front.CreateHttpClient();

        using var raw = await ApiAssert.PostAsync(http, "/api/generate", """{"model":"far","prompt":"hi","raw":true}""");
        using var suffix = await ApiAssert.PostAsync(http, "/api/generate", """{"model":"far","prompt":"hi","suffix":"end"}""");

        Assert.Equal(HttpStatusCode.BadRequest, raw.StatusCode);
        Assert.StartsWith("'raw' is honoured only by this server's own models", JsonDocument.Parse(await raw.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, suffix.StatusCode);
        Assert.StartsWith("'suffix' is honoured only by this server's own models", JsonDocument.Parse(await suffix.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Raw_WithoutAPrompt_OnlyLoadsTheModel()
    {
        using var http = Serve.CreateHttpClient();

        using var response = await ApiAssert.PostAsync(http, "/api/generate", """{"model":"stories","raw":true,"stream":false}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("load", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("done_reason").GetString());
    }
}
