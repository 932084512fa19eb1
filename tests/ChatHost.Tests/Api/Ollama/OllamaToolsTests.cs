using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using ModelScale.ChatHost.Api.Ollama;
using ModelScale.ChatHost.Contracts.Ollama;
using ModelScale.ChatHost.Engine;

namespace ModelScale.ChatHost.Tests.Api.Ollama;

/// <summary>
/// Tools over the Ollama API: the request's tools become AIFunctionDeclarations, tool calls and results in the history
/// become FunctionCallContent and FunctionResultContent, and a FunctionCallContent in an answer becomes tool_calls
/// that OllamaSharp reads; and the declared tool and a tool's result reach the model's prompt.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class OllamaToolsTests(ServeFixture fixture)
{
    private const string WeatherTool = """{"type":"function","function":{"name":"get_weather","description":"The weather in a city","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}""";

    [Fact]
    public void ToolsAndHistory_MapOntoMicrosoftExtensionsAi()
    {
        var request = JsonSerializer.Deserialize<OllamaChatRequest>(
            """
            {"model":"stories:latest","tools":[WEATHER],"messages":[
              {"role":"user","content":"Weather in Paris?"},
              {"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Paris"}}}]},
              {"role":"tool","tool_name":"get_weather","content":"21.5 C and sunny"}]}
            """.Replace("WEATHER", WeatherTool, StringComparison.Ordinal),
            OllamaJson.Options)!;

        var (turn, failure) = OllamaChatEndpoint.Check(request, 100);

        Assert.Null(failure);
        var declaration = Assert.IsAssignableFrom<AIFunctionDeclaration>(Assert.Single(turn!.Options.Options.Tools!));
        Assert.Equal("get_weather", declaration.Name);
        Assert.Equal("The weather in a city", declaration.Description);
        Assert.Equal("string", declaration.JsonSchema.GetProperty("properties").GetProperty("city").GetProperty("type").GetString());
        Assert.Equal(ChatToolMode.Auto, turn.Options.Options.ToolMode);
        Assert.Equal("stories", turn.ProfileId);
        var call = Assert.Single(turn.Messages[1].Contents.OfType<FunctionCallContent>());
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("Paris", ((JsonElement)call.Arguments!["city"]!).GetString());
        Assert.Equal(ChatRole.Tool, turn.Messages[2].Role);
        var result = Assert.IsType<FunctionResultContent>(Assert.Single(turn.Messages[2].Contents));
        Assert.Equal(call.CallId, result.CallId);
        Assert.Equal("21.5 C and sunny", result.Result);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AFunctionCallInTheAnswer_IsWrittenAsToolCalls_ThatOllamaSharpReads(bool stream)
    {
        var http = new DefaultHttpContext();
        http.Response.Body = new MemoryStream();
        http.RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider();
        var (options, _) = OllamaModelOptions.From(null, 100);
        var turn = new OllamaTurn("stories", "stories", [new ChatMessage(ChatRole.User, "Weather in Paris?")], options!, stream, null);

        await OllamaAnswer.WriteAsync(http, new CallingClient(), turn, OllamaChatEndpoint.Lines("stories", "2025-01-01T00:00:00Z"), CancellationToken.None);

        var text = Encoding.UTF8.GetString(((MemoryStream)http.Response.Body).ToArray());
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonSerializer.Deserialize<OllamaSharp.Models.Chat.ChatDoneResponseStream>(l)!)
            .ToList();
        var calls = lines.SelectMany(l => l.Message.ToolCalls ?? []).ToList();
        var called = Assert.Single(calls);
        Assert.Equal("get_weather", called.Function!.Name);
        Assert.Equal("Paris", called.Function.Arguments!["city"]!.ToString());
        Assert.Equal("call_1", called.Id);
        Assert.Equal(0, called.Function.Index);
        Assert.True(lines[^1].Done);
        Assert.Equal("stop", lines[^1].DoneReason);
        Assert.Equal(stream ? 3 : 1, lines.Count);
    }

    /// <summary>The declared tool and the tool's result reach the model's prompt, in its family's format or the generic one.</summary>
    [Fact]
    public async Task ToolsAndAToolResult_ReachTheModelsPrompt()
    {
        using var http = fixture.Instance.CreateHttpClient();
        var body = """
            {"model":"stories","stream":false,"tools":[WEATHER],"options":{"num_predict":2},"messages":[
              {"role":"user","content":"Weather in Paris?"},
              {"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Paris"}}}]},
              {"role":"tool","tool_name":"get_weather","content":"21.5 C and sunny"}]}
            """.Replace("WEATHER", WeatherTool, StringComparison.Ordinal);

        using var response = await ApiAssert.PostAsync(http, "/api/chat", body);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var prompt = fixture.Instance.Services.GetRequiredService<IModelEngine>().Resident.First(m => m.Id == "stories").LastPrompt;
        Assert.Contains("get_weather", prompt, StringComparison.Ordinal);
        Assert.Contains("21.5 C and sunny", prompt, StringComparison.Ordinal);
    }

    /// <summary>Answers every request with a short text and one call of get_weather, as a model with tools would.</summary>
    private sealed class CallingClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, "Let me look.");
            yield return new ChatResponseUpdate(ChatRole.Assistant, [new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" })]);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
