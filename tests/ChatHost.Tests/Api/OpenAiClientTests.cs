#pragma warning disable OPENAI001 // Seed is marked experimental in the SDK.
using Microsoft.Extensions.AI;
using OpenAI.Chat;

namespace ModelScale.ChatHost.Tests.Api;

/// <summary>The official OpenAI .NET SDK and Microsoft.Extensions.AI.OpenAI, pointed at the served API.</summary>
[Collection(ServeCollection.Name)]
public sealed class OpenAiClientTests(ServeFixture fixture)
{
    private ServeInstance Serve => fixture.Instance;

    [Fact]
    public async Task OpenAiSdk_NonStreaming_ReturnsTheAnswerWithUsageAndFinishReason()
    {
        var client = Serve.OpenAiChat();

        ChatCompletion completion = await client.CompleteChatAsync(
            [new UserChatMessage("Once upon a time")],
            new ChatCompletionOptions { MaxOutputTokenCount = 8, Temperature = 0 });

        Assert.NotEmpty(completion.Content[0].Text);
        Assert.Equal(OpenAI.Chat.ChatFinishReason.Length, completion.FinishReason);
        Assert.Equal(8, completion.Usage.OutputTokenCount);
        Assert.True(completion.Usage.InputTokenCount > 0);
        Assert.Equal(completion.Usage.InputTokenCount + 8, completion.Usage.TotalTokenCount);
        Assert.Equal("stories", completion.Model);
        Assert.StartsWith("chatcmpl-", completion.Id);
    }

    [Fact]
    public async Task OpenAiSdk_Streaming_SendsChunksThatAddUpToTheNonStreamedAnswer()
    {
        var client = Serve.OpenAiChat();
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 12, Temperature = 0 };
        ChatCompletion whole = await client.CompleteChatAsync([new UserChatMessage("Tell me a story")], options);

        var text = new System.Text.StringBuilder();
        OpenAI.Chat.ChatFinishReason? finish = null;
        var chunks = 0;
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Tell me a story")], options))
        {
            chunks++;
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            finish ??= update.FinishReason;
        }

        Assert.True(chunks > 2, $"expected several chunks, got {chunks}");
        Assert.Equal(whole.Content[0].Text, text.ToString());
        Assert.Equal(OpenAI.Chat.ChatFinishReason.Length, finish);
    }

    [Fact]
    public async Task OpenAiSdk_StreamingWithIncludeUsage_EndsWithTheUsage()
    {
        var client = Serve.OpenAiChat();
        ChatTokenUsage? usage = null;
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Hi")], new ChatCompletionOptions { MaxOutputTokenCount = 5, Temperature = 0 }))
        {
            usage = update.Usage ?? usage;
        }

        Assert.NotNull(usage);
        Assert.Equal(5, usage.OutputTokenCount);
    }

    [Fact]
    public async Task OpenAiSdk_SeedAndTemperature_AreHonoured()
    {
        var client = Serve.OpenAiChat();
        async Task<string> Ask(long seed) => (await client.CompleteChatAsync(
            [new UserChatMessage("Once upon a time")],
            new ChatCompletionOptions { MaxOutputTokenCount = 24, Temperature = 1.5f, Seed = seed })).Value.Content[0].Text;

        var first = await Ask(1);
        var again = await Ask(1);
        var other = await Ask(2);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task OpenAiSdk_StopSequence_EndsTheAnswerBeforeIt()
    {
        var client = Serve.OpenAiChat();
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 40, Temperature = 0 };
        var full = (await client.CompleteChatAsync([new UserChatMessage("Once upon a time")], options)).Value.Content[0].Text;
        var stop = full.Substring(full.Length / 2, 2);
        options.StopSequences.Add(stop);

        ChatCompletion stopped = await client.CompleteChatAsync([new UserChatMessage("Once upon a time")], options);

        Assert.Equal(full[..full.IndexOf(stop, StringComparison.Ordinal)], stopped.Content.FirstOrDefault()?.Text ?? string.Empty);
        Assert.Equal(OpenAI.Chat.ChatFinishReason.Stop, stopped.FinishReason);
    }

    [Fact]
    public async Task ExtensionsAi_NonStreaming_ReportsUsageAndFinishReason()
    {
        using IChatClient client = Serve.OpenAiChat().AsIChatClient();

        var response = await client.GetResponseAsync("Once upon a time", new ChatOptions { MaxOutputTokens = 6, Temperature = 0 });

        Assert.NotEmpty(response.Text);
        Assert.Equal(Microsoft.Extensions.AI.ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(6, response.Usage!.OutputTokenCount);
        Assert.True(response.Usage.InputTokenCount > 0);
    }

    [Fact]
    public async Task ExtensionsAi_Streaming_MatchesNonStreaming()
    {
        using IChatClient client = Serve.OpenAiChat().AsIChatClient();
        var options = new ChatOptions { MaxOutputTokens = 10, Temperature = 0 };
        var whole = await client.GetResponseAsync("A cat and a dog", options);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("A cat and a dog", options))
        {
            updates.Add(update);
        }

        var streamed = updates.ToChatResponse();
        Assert.Equal(whole.Text, streamed.Text);
        Assert.Equal(Microsoft.Extensions.AI.ChatFinishReason.Length, streamed.FinishReason);
        Assert.Equal(10, streamed.Usage?.OutputTokenCount);
    }

    [Fact]
    public async Task ModelsEndpoint_ListsWhatCanAnswer_AllListsEveryProfileAndWhetherItIsOnDisk()
    {
        var client = new OpenAI.Models.OpenAIModelClient(new System.ClientModel.ApiKeyCredential("no-key"), new OpenAI.OpenAIClientOptions { Endpoint = new Uri(Serve.BaseUrl, "/v1") });
        var models = (await client.GetModelsAsync()).Value;
        Assert.Contains(models, m => m.Id == "stories");
        Assert.DoesNotContain(models, m => m.Id == "70b");
        Assert.Equal("tiny", (await client.GetModelAsync("tiny")).Value.Id);

        using var http = Serve.CreateHttpClient();
        await ApiAssert.ErrorAsync(await http.GetAsync("/v1/models/70b"), System.Net.HttpStatusCode.NotFound, "model_not_found", "model");
        await ApiAssert.ErrorAsync(await http.GetAsync("/v1/models/nope"), System.Net.HttpStatusCode.NotFound, "model_not_found", "model");
        using var json = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/v1/models?all=true"));
        var onDisk = json.RootElement.GetProperty("data").EnumerateArray().ToDictionary(m => m.GetProperty("id").GetString()!, m => m.GetProperty("on_disk").GetBoolean());
        Assert.True(onDisk["stories"]);
        Assert.True(onDisk["tiny"]);
        Assert.False(onDisk["70b"]);
    }
}
