using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Api;
using ModelScale.ChatHost.Api.Ollama;

namespace ModelScale.ChatHost.Tests.Api;

/// <summary>
/// A call the model left unfinished (cut, or whose arguments stopped being JSON: a FunctionCallContent whose raw
/// arguments are not a JSON object) is never presented as a call to run, on every surface alike.
/// </summary>
public sealed class UnfinishedToolCallTests
{
    private static FunctionCallContent Whole => new("call_1", "get_time", new Dictionary<string, object?>()) { RawRepresentation = "{}" };

    private static FunctionCallContent Unfinished => new("call_2", "get_weather", null) { RawRepresentation = "{\"city\": tru" };

    [Fact]
    public void ChatCompletions_FinishesWithToolCalls_OnlyWhenEveryCallIsWhole()
    {
        var whole = new ToolCallAccumulator();
        whole.Add(new ChatResponseUpdate(ChatRole.Assistant, [Whole]));
        Assert.Equal("tool_calls", whole.FinishReason("stop"));

        var broken = new ToolCallAccumulator();
        broken.Add(new ChatResponseUpdate(ChatRole.Assistant, [Whole, Unfinished]));
        Assert.Equal("stop", broken.FinishReason("stop"));
        Assert.Equal("length", broken.FinishReason("length"));

        // Still listed, with its arguments as far as they got.
        Assert.Equal("{\"city\": tru", broken.Calls![1].Function.Arguments);
    }

    [Fact]
    public void Ollama_WritesTheUnfinishedCallsAsText_AndNothingForWholeOnes()
    {
        Assert.Equal(string.Empty, OllamaTools.Unfinished([Whole]));
        Assert.Equal("{\"name\": \"get_weather\", \"arguments\": {\"city\": tru}", OllamaTools.Unfinished([Whole, Unfinished]));
    }
}
