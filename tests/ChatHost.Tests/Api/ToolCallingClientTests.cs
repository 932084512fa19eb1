using System.ComponentModel;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using ModelScale.ChatHost.Engine;
using OpenAI.Chat;

namespace ModelScale.ChatHost.Tests.Api;

/// <summary>Tool calling through the real C# clients: the OpenAI .NET SDK, and Microsoft.Extensions.AI invoking a real C# function.</summary>
[Collection(ServeCollection.Name)]
public sealed class ToolCallingClientTests(ServeFixture fixture)
{
    private ServeInstance Serve => fixture.Instance;

    [Fact]
    public async Task OpenAiSdk_NamedFunction_GivesAToolCall_ThatCanBeAnswered()
    {
        var client = Serve.OpenAiChat();
        var weather = ChatTool.CreateFunctionTool("get_weather", "Forecast", BinaryData.FromString(ToolCallingApiTests.WeatherSchema));
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 100, Temperature = 1, Tools = { weather }, ToolChoice = ChatToolChoice.CreateFunctionChoice("get_weather") };
        List<OpenAI.Chat.ChatMessage> messages = [new UserChatMessage("Hi")];

        ChatCompletion completion = await client.CompleteChatAsync(messages, options);

        Assert.Equal(OpenAI.Chat.ChatFinishReason.ToolCalls, completion.FinishReason);
        var call = Assert.Single(completion.ToolCalls);
        Assert.Equal("get_weather", call.FunctionName);
        ToolCallingApiTests.AssertValid(ToolCallingApiTests.WeatherSchema, call.FunctionArguments.ToString());

        // The call and its result go back, and the server answers.
        messages.Add(new AssistantChatMessage(completion));
        messages.Add(new ToolChatMessage(call.Id, "Sunny-7"));
        ChatCompletion answer = await client.CompleteChatAsync(messages, new ChatCompletionOptions { MaxOutputTokenCount = 4, Temperature = 0, Tools = { weather } });
        // The prompt holds the sampled call and its fresh id, so the greedy answer may end before its 4 tokens.
        Assert.Contains(answer.FinishReason, new[] { OpenAI.Chat.ChatFinishReason.Length, OpenAI.Chat.ChatFinishReason.Stop });
        Assert.Contains($"Result of tool call {call.Id} (get_weather): Sunny-7", Prompt(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAiSdk_Streaming_ToolCallUpdatesAddUpToTheCall()
    {
        var client = Serve.OpenAiChat();
        var options = new ChatCompletionOptions
        {
            MaxOutputTokenCount = 100,
            Temperature = 1,
            Tools = { ChatTool.CreateFunctionTool("get_weather", "Forecast", BinaryData.FromString(ToolCallingApiTests.WeatherSchema)) },
            ToolChoice = ChatToolChoice.CreateRequiredChoice(),
        };

        var arguments = new StringBuilder();
        string? id = null, name = null;
        var updates = 0;
        OpenAI.Chat.ChatFinishReason? finish = null;
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Hi")], options))
        {
            foreach (var call in update.ToolCallUpdates)
            {
                Assert.Equal(0, call.Index);

                // The first update of the call names it; the later ones carry only arguments.
                Assert.Equal(updates == 0, call.ToolCallId is not null);
                Assert.Equal(updates == 0, call.FunctionName is not null);
                id ??= call.ToolCallId;
                name ??= call.FunctionName;
                arguments.Append(call.FunctionArgumentsUpdate?.ToString());
                updates++;
            }

            finish ??= update.FinishReason;
        }

        // The arguments came as the model wrote them, in several updates, and add up to the call.
        Assert.True(updates > 2, $"{updates} tool call updates");
        Assert.StartsWith("call_", id, StringComparison.Ordinal);
        Assert.Equal("get_weather", name);
        ToolCallingApiTests.AssertValid(ToolCallingApiTests.WeatherSchema, arguments.ToString());
        Assert.Equal(OpenAI.Chat.ChatFinishReason.ToolCalls, finish);
    }

    [Fact]
    public async Task MicrosoftExtensionsAi_UseFunctionInvocation_CallsTheRealFunction_AndSendsItsResultBack()
    {
        var calls = new List<(long A, long B)>();
        var add = AIFunctionFactory.Create(
            ([Description("The first number")] long a, [Description("The second number")] long b) =>
            {
                calls.Add((a, b));
                return $"sum={a + b}";
            },
            "add",
            "Adds two numbers.");
        using var client = Serve.OpenAiChat().AsIChatClient().AsBuilder().UseFunctionInvocation().Build();

        var response = await client.GetResponseAsync(
            [new Microsoft.Extensions.AI.ChatMessage(ChatRole.User, "Add")],
            new ChatOptions { Tools = [add], ToolMode = ChatToolMode.RequireAny, MaxOutputTokens = 100, Temperature = 1, Seed = 5 });

        // The model had to call add; the client ran it, sent its result, and the server's next answer ends the exchange.
        Assert.True(calls.Count == 1, $"{response.FinishReason}: {response.Text} / {Prompt()}");
        var (a, b) = calls[0];
        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        var result = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>());
        Assert.Equal(call.CallId, result.CallId);
        Assert.Equal(ChatRole.Assistant, response.Messages[^1].Role);
        Assert.DoesNotContain(response.Messages[^1].Contents, c => c is FunctionCallContent);
        Assert.Contains($"Result of tool call {call.CallId} (add): sum={a + b}", Prompt().Replace("\"", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private string Prompt() => Serve.Services.GetRequiredService<IModelEngine>().Resident.Single(m => m.Id == "stories").LastPrompt!;
}
