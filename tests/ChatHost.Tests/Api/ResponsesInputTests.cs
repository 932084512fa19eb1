using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Api;
using ModelScale.ChatHost.Contracts;
using ModelScale.ChatHost.Sessions.Store;

namespace ModelScale.ChatHost.Tests.Api;

/// <summary>How a Responses request becomes Microsoft.Extensions.AI messages and options, the engine's contract for every surface.</summary>
public sealed class ResponsesInputTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"modelscale-responses-{Guid.NewGuid():N}");
    private readonly SessionStore _store;

    public ResponsesInputTests() => _store = new SessionStore(Path.Combine(_folder, SessionStore.FileName), TimeProvider.System);

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private ResponsesInput Read(string body)
    {
        var (input, failure) = ResponsesInput.From(JsonSerializer.Deserialize<ResponsesRequest>(body, OpenAiJson.Options)!, 4096, _store);
        Assert.True(failure is null, failure?.Error.Message);
        return input!;
    }

    [Fact]
    public void FunctionTools_AndANamedToolChoice_BecomeDeclarationsAndARequiredMode()
    {
        var input = Read("""
            {"model":"m","input":"Weather?","parallel_tool_calls":false,"tools":[
              {"type":"function","name":"get_weather","description":"The weather in a city.","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},"strict":true},
              {"type":"function","name":"get_time"}],
             "tool_choice":{"type":"function","name":"get_weather"}}
            """);

        var tools = input.Options.Tools!.Cast<AIFunctionDeclaration>().ToList();
        Assert.Equal(["get_weather", "get_time"], tools.Select(t => t.Name));
        Assert.Equal("The weather in a city.", tools[0].Description);
        Assert.Equal("string", tools[0].JsonSchema.GetProperty("properties").GetProperty("city").GetProperty("type").GetString());
        Assert.Equal("object", tools[1].JsonSchema.GetProperty("type").GetString());
        Assert.Equal("get_weather", Assert.IsType<RequiredChatToolMode>(input.Options.ToolMode).RequiredFunctionName);
        Assert.False(input.Options.AllowMultipleToolCalls);
        Assert.Equal(2, input.Tools.Count);
    }

    [Theory]
    [InlineData("\"auto\"", "auto")]
    [InlineData("\"none\"", "none")]
    [InlineData("\"required\"", "required")]
    [InlineData("null", "auto")]
    public void ToolChoiceStrings_BecomeTheirModes(string choice, string expected)
    {
        var input = Read($$"""{"model":"m","input":"x","tools":[{"type":"function","name":"f"}],"tool_choice":{{choice}}}""");

        var mode = input.Options.ToolMode;
        Assert.Equal(expected, mode switch
        {
            AutoChatToolMode => "auto",
            NoneChatToolMode => "none",
            RequiredChatToolMode { RequiredFunctionName: null } => "required",
            _ => "other",
        });
    }

    [Fact]
    public void FunctionCallsAndTheirOutputs_BecomeCallAndResultContents_AfterTheInstructions()
    {
        var input = Read("""
            {"model":"m","instructions":"Be brief.","input":[
              {"role":"user","content":"Weather in Paris and Rome?"},
              {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Looking."}]},
              {"type":"function_call","id":"fc_1","call_id":"call_1","name":"get_weather","arguments":"{\"city\":\"Paris\"}"},
              {"type":"function_call","call_id":"call_2","name":"get_weather","arguments":"{\"city\":\"Rome\"}"},
              {"type":"function_call_output","call_id":"call_1","output":"18 C"},
              {"type":"function_call_output","call_id":"call_2","output":[{"type":"input_text","text":"21 C"}]}]}
            """);

        var messages = input.Messages;
        Assert.Equal([ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.Tool, ChatRole.Tool], messages.Select(m => m.Role));
        Assert.Equal("Be brief.", messages[0].Text);
        Assert.Equal("Looking.", messages[2].Text);
        var calls = messages[2].Contents.OfType<FunctionCallContent>().ToList();
        Assert.Equal(["call_1", "call_2"], calls.Select(c => c.CallId));
        Assert.All(calls, c => Assert.Equal("get_weather", c.Name));
        Assert.Equal("Rome", ((JsonElement)calls[1].Arguments!["city"]!).GetString());
        var results = messages.Skip(3).Select(m => Assert.IsType<FunctionResultContent>(Assert.Single(m.Contents))).ToList();
        Assert.Equal(["call_1", "call_2"], results.Select(r => r.CallId));
        Assert.Equal(["18 C", "21 C"], results.Select(r => r.Result as string));

        // The conversation a stored response keeps does not hold the instructions: a follow-up does not inherit them.
        Assert.Equal(6, input.Conversation.Count);
    }

    [Fact]
    public void ACallWhoseArgumentsRepeatAKey_KeepsTheLastValue_InsteadOfFailing()
    {
        var input = Read("""
            {"model":"m","input":[
              {"role":"user","content":"Weather?"},
              {"type":"function_call","call_id":"call_1","name":"get_weather","arguments":"{\"city\":\"Paris\",\"city\":\"Rome\"}"},
              {"type":"function_call_output","call_id":"call_1","output":"21 C"}]}
            """);

        var call = Assert.Single(input.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("Rome", ((JsonElement)call.Arguments!["city"]!).GetString());
    }

    [Fact]
    public void AFollowUp_OfAStoredResponseWithACall_StartsWithThatCall()
    {
        _store.AddResponse(new StoredResponse(
            "resp_1",
            null,
            "m",
            """[{"type":"message","role":"user","content":"Weather?"},{"type":"function_call","id":"fc_9","call_id":"call_9","name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}]""",
            "{}"));

        var input = Read("""{"model":"m","previous_response_id":"resp_1","input":[{"type":"function_call_output","call_id":"call_9","output":"-3 C"}]}""");

        Assert.Equal([ChatRole.User, ChatRole.Assistant, ChatRole.Tool], input.Messages.Select(m => m.Role));
        Assert.Equal("call_9", Assert.IsType<FunctionCallContent>(Assert.Single(input.Messages[1].Contents)).CallId);
        Assert.Equal("-3 C", Assert.IsType<FunctionResultContent>(Assert.Single(input.Messages[2].Contents)).Result);
        Assert.Equal("""{"type":"function_call","id":"fc_9","call_id":"call_9","name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}""", _store.FindResponseItem("fc_9"));
    }

    [Fact]
    public void JsonObjectAndJsonSchemaFormats_BecomeResponseFormats()
    {
        Assert.Same(ChatResponseFormat.Json, Read("""{"model":"m","input":"x","text":{"format":{"type":"json_object"}}}""").Options.ResponseFormat);
        var schema = Assert.IsType<ChatResponseFormatJson>(Read("""
            {"model":"m","input":"x","text":{"format":{"type":"json_schema","name":"p","description":"A point.","strict":true,"schema":{"type":"object","properties":{"x":{"type":"integer"}},"required":["x"]}}}}
            """).Options.ResponseFormat);
        Assert.Equal("p", schema.SchemaName);
        Assert.Equal("A point.", schema.SchemaDescription);
        Assert.Equal("integer", schema.Schema!.Value.GetProperty("properties").GetProperty("x").GetProperty("type").GetString());
        Assert.Null(Read("""{"model":"m","input":"x","text":{"format":{"type":"text"}}}""").Options.ResponseFormat);
    }
}
