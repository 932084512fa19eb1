using System.Net;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using ModelScale.ChatHost.Engine;
using ModelScale.Profiles.Gguf;
using ModelScale.Tests.Shared;
using OllamaSharp;
using OllamaSharp.Models;
using OllamaSharp.Models.Chat;

namespace ModelScale.ChatHost.Tests.Api.Ollama;

/// <summary>The Ollama API over a real Kestrel, driven by OllamaSharp (the Ollama client for .NET) on the tests' own models.</summary>
[Collection(ServeCollection.Name)]
public sealed class OllamaClientTests(ServeFixture fixture)
{
    private ServeInstance Serve => fixture.Instance;

    private OllamaApiClient Client(string model = "stories") =>
        new(new HttpClient { BaseAddress = Serve.BaseUrl, Timeout = TimeSpan.FromSeconds(120) }, model);

    private static ChatRequest Chat(bool stream, int tokens, string model = "stories") => new()
    {
        Model = model,
        Stream = stream,
        Messages = [new Message(OllamaSharp.Models.Chat.ChatRole.System, "You are brief."), new Message(OllamaSharp.Models.Chat.ChatRole.User, "Tell me a story.")],
        Options = new RequestOptions { NumPredict = tokens, Temperature = 0, Seed = 7 },
    };

    [Fact]
    public async Task Chat_Streamed_SendsTheAnswerPieceByPiece_AndEndsWithTheRealCounts()
    {
        using var client = Client();

        var lines = new List<ChatResponseStream>();
        await foreach (var line in client.ChatAsync(Chat(stream: true, tokens: 6)))
        {
            lines.Add(line!);
        }

        var done = Assert.IsType<ChatDoneResponseStream>(lines[^1]);
        Assert.True(done.Done);
        Assert.Equal("length", done.DoneReason);
        Assert.Equal(6, done.EvalCount);
        Assert.True(done.PromptEvalCount > 5, $"prompt_eval_count {done.PromptEvalCount}");
        Assert.True(done.EvalDuration > 0 && done.PromptEvalDuration > 0);
        Assert.True(done.TotalDuration >= done.EvalDuration + done.PromptEvalDuration, $"total {done.TotalDuration} < eval {done.EvalDuration} + prompt {done.PromptEvalDuration}");
        Assert.True(done.TotalDuration >= done.LoadDuration);
        var pieces = lines[..^1];
        Assert.InRange(pieces.Count, 1, 6);
        Assert.All(pieces, p => Assert.False(p.Done));
        Assert.All(lines, l => Assert.Equal("stories", l.Model));
        Assert.All(lines, l => Assert.Equal(OllamaSharp.Models.Chat.ChatRole.Assistant, l.Message.Role));
        Assert.NotEmpty(string.Concat(pieces.Select(p => p.Message.Content)));
    }

    [Fact]
    public async Task Chat_NotStreamed_IsTheSameGreedyAnswer_AsTheStreamedOne_AndAsTheOpenAiEndpoints()
    {
        using var client = Client();
        var streamed = new System.Text.StringBuilder();
        await foreach (var line in client.ChatAsync(Chat(stream: true, tokens: 8)))
        {
            streamed.Append(line!.Message.Content);
        }

        ChatResponseStream? whole = null;
        await foreach (var line in client.ChatAsync(Chat(stream: false, tokens: 8)))
        {
            Assert.Null(whole);
            whole = line;
        }

        var openAi = await Serve.OpenAiChat().CompleteChatAsync(
            [new OpenAI.Chat.SystemChatMessage("You are brief."), new OpenAI.Chat.UserChatMessage("Tell me a story.")],
            new OpenAI.Chat.ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 8 });

        var done = Assert.IsType<ChatDoneResponseStream>(whole);
        Assert.Equal(8, done.EvalCount);
        Assert.Equal(streamed.ToString(), done.Message.Content);
        Assert.Equal(openAi.Value.Content[0].Text, done.Message.Content);
        Assert.Equal(openAi.Value.Usage.InputTokenCount, done.PromptEvalCount);
    }

    [Fact]
    public async Task Chat_ThroughMicrosoftExtensionsAi_GetsAnAnswerWithUsage()
    {
        IChatClient client = Client();

        var response = await client.GetResponseAsync(
            [new Microsoft.Extensions.AI.ChatMessage(Microsoft.Extensions.AI.ChatRole.User, "Once upon a time")],
            new ChatOptions { MaxOutputTokens = 5, Temperature = 0 });

        Assert.NotEmpty(response.Text);
        Assert.Equal(5, response.Usage?.OutputTokenCount);
        Assert.True(response.Usage?.InputTokenCount > 0);
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
    }

    [Fact]
    public async Task Generate_StreamedAndNot_GiveTheSameGreedyText()
    {
        using var client = Client();
        GenerateRequest Request(bool stream) => new() { Model = "stories:latest", Prompt = "The little dog", System = "Be kind.", Stream = stream, Options = new RequestOptions { NumPredict = 7, Temperature = 0 } };

        var pieces = new List<GenerateResponseStream>();
        await foreach (var line in client.GenerateAsync(Request(stream: true)))
        {
            pieces.Add(line!);
        }

        GenerateResponseStream? whole = null;
        await foreach (var line in client.GenerateAsync(Request(stream: false)))
        {
            whole = line;
        }

        var done = Assert.IsType<GenerateDoneResponseStream>(pieces[^1]);
        Assert.Equal(7, done.EvalCount);
        Assert.Equal("length", done.DoneReason);
        Assert.All(pieces, p => Assert.Equal("stories:latest", p.Model));
        var text = string.Concat(pieces.Select(p => p.Response));
        Assert.NotEmpty(text);
        Assert.Equal(text, Assert.IsType<GenerateDoneResponseStream>(whole).Response);
    }

    [Fact]
    public async Task Tags_ListTheModelsOnDisk_WithTheirGgufDetails()
    {
        using var client = Client();

        var models = (await client.ListLocalModelsAsync()).ToList();

        Assert.Equal(["stories:latest", "tiny:latest"], models.Select(m => m.Name).Order());
        var stories = models.Single(m => m.Name == "stories:latest");
        var header = GgufReader.Read(OwnModels.Tiny);
        Assert.Equal(new FileInfo(OwnModels.Tiny).Length, stories.Size);
        Assert.Equal(File.GetLastWriteTimeUtc(OwnModels.Tiny), stories.ModifiedAt.ToUniversalTime(), TimeSpan.FromSeconds(1));
        Assert.Matches("^[0-9a-f]{64}$", stories.Digest);
        Assert.Equal("gguf", stories.Details.Format);
        Assert.Equal("llama", stories.Details.Family);
        Assert.Equal(ModelScale.ChatHost.Api.Ollama.OllamaModelFile.ParameterSize(header.ParameterCount), stories.Details.ParameterSize);
        Assert.Equal(LlamaFileType.Name(header.GetInt64("general.file_type")!.Value), stories.Details.QuantizationLevel);
        Assert.NotEqual(stories.Digest, models.Single(m => m.Name == "tiny:latest").Digest);
    }

    [Fact]
    public async Task Show_GivesTheGgufMetadata_Parameters_AndCapabilities()
    {
        using var client = Client();

        var shown = await client.ShowModelAsync("stories");

        Assert.Equal("llama", shown.Info.Architecture);
        Assert.Equal(GgufReader.Read(OwnModels.Tiny).ParameterCount, shown.Info.ParameterCount);
        Assert.Equal("gguf", shown.Details.Format);
        Assert.Contains("completion", shown.Capabilities!);
        Assert.Contains("num_ctx 512", shown.Parameters, StringComparison.Ordinal);
        Assert.Contains("FROM ", shown.Modelfile, StringComparison.Ordinal);
        Assert.Equal(5L, ((JsonElement)shown.Info.ExtraInfo!["llama.block_count"]!).GetInt64());
    }

    [Fact]
    public async Task Ps_ListsAResidentModel_WithItsSizeContextAndExpiry()
    {
        using var client = Client();
        await foreach (var _ in client.GenerateAsync(new GenerateRequest { Model = "tiny", Prompt = "hi", Options = new RequestOptions { NumPredict = 2 } }))
        {
        }

        var running = (await client.ListRunningModelsAsync()).ToList();

        var tiny = running.Single(m => m.Name == "tiny:latest");
        var resident = ResidentModels.Of(Serve.Services.GetRequiredService<IModelEngine>()).Single(m => m.Id == "tiny");
        Assert.Equal(resident.SizeBytes, tiny.Size);
        Assert.True(tiny.Size > 0);
        Assert.Equal(resident.ContextLength, tiny.ContextLength);
        Assert.Equal(0, tiny.SizeVram);

        // The tests' engine keeps an idle model 5 minutes.
        Assert.InRange(tiny.ExpiresAt.ToUniversalTime(), DateTime.UtcNow.AddMinutes(4), DateTime.UtcNow.AddMinutes(5.1));
        Assert.Equal("gguf", tiny.Details.Format);
    }

    [Fact]
    public async Task Version_IsTheOllamaApiItFollows()
    {
        using var client = Client();

        var version = await client.GetVersionAsync();

        Assert.Equal("0.12.6", version);
    }

    [Fact]
    public async Task Embed_GivesOneUnitVectorPerInput_TheSameAsTheOpenAiEndpoint()
    {
        using var client = Client();

        var embedded = await client.EmbedAsync(new EmbedRequest { Model = "stories", Input = ["Once upon a time", "a big red ball", "Once upon a time"] });
        IEmbeddingGenerator<string, Embedding<float>> openAi = new OpenAI.Embeddings.EmbeddingClient("stories", new System.ClientModel.ApiKeyCredential("no-key"), new OpenAI.OpenAIClientOptions
        {
            Endpoint = new Uri(Serve.BaseUrl, "/v1"),
        }).AsIEmbeddingGenerator();
        var viaOpenAi = await openAi.GenerateAsync(["a big red ball"]);

        Assert.Equal(3, embedded.Embeddings.Count);
        Assert.All(embedded.Embeddings, v => Assert.Equal(64, v.Length));
        Assert.All(embedded.Embeddings, v => Assert.Equal(1.0, Math.Sqrt(v.Sum(x => (double)x * x)), 3));
        Assert.Equal(embedded.Embeddings[0], embedded.Embeddings[2]);
        Assert.Equal(viaOpenAi[0].Vector.ToArray(), embedded.Embeddings[1]);
        Assert.True(embedded.PromptEvalCount >= 6);
        Assert.True(embedded.TotalDuration >= embedded.LoadDuration);
    }

    [Fact]
    public async Task AnUnknownModel_IsA404_ThatTheClientReports()
    {
        using var client = Client("no-such-model");

        var error = await Assert.ThrowsAsync<HttpRequestException>(async () =>
        {
            await foreach (var _ in client.ChatAsync(Chat(stream: true, tokens: 2, model: "no-such-model")))
            {
            }
        });

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task DeleteModel_IsRefused_AndTheModelStays()
    {
        using var client = Client();

        // OllamaSharp reads only the status of a delete (OllamaApiTests checks the sentence in the body).
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.DeleteModelAsync(new DeleteModelRequest { Model = "stories" }));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Contains(await client.ListLocalModelsAsync(), m => m.Name == "stories:latest");
    }
}
