using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine.Tools;

namespace ModelScale.ChatHost.Tests.Engine.Tools;

/// <summary>Each family's prompt: the tools where its template puts them, the assistant's call and the tool's result in its own markup.</summary>
public sealed class ToolFormatRenderTests
{
    [Fact]
    public void Hermes_ToolsInTheSystemTurn_CallsInToolCall_ResultsInToolResponse()
    {
        var prompt = new HermesToolFormat().Render(ToolTestData.RoundTrip(), ToolTestData.Auto, ToolTestData.Plain);

        Assert.StartsWith("<|im_start|>system\nBe brief.\n\n# Tools\n", prompt, StringComparison.Ordinal);
        Assert.Contains("<tools>\n{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":\"The forecast for a city.\",\"parameters\":{", prompt, StringComparison.Ordinal);
        Assert.Contains("\n</tools>\n", prompt, StringComparison.Ordinal);
        Assert.Contains("<|im_start|>user\nWeather in Oslo?<|im_end|>\n", prompt, StringComparison.Ordinal);
        Assert.Contains("<|im_start|>assistant\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\":\"Oslo\",\"days\":2}}\n</tool_call><|im_end|>\n", prompt, StringComparison.Ordinal);
        Assert.Contains("<|im_start|>user\n<tool_response>\nSunny, 21 C\n</tool_response><|im_end|>\n", prompt, StringComparison.Ordinal);
        Assert.EndsWith("<|im_start|>assistant\n", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void Hermes_ConsecutiveResults_ShareOneUserTurn()
    {
        var messages = ToolTestData.RoundTrip();
        messages.Insert(3, new ChatMessage(ChatRole.Tool, [new FunctionResultContent("call_0", "first")]));
        var prompt = new HermesToolFormat().Render(messages, null, ToolTestData.Plain);

        Assert.Contains("<|im_start|>user\n<tool_response>\nfirst\n</tool_response>\n<tool_response>\nSunny, 21 C\n</tool_response><|im_end|>", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("<tools>", prompt, StringComparison.Ordinal);
        Assert.StartsWith("<|im_start|>system\nBe brief.<|im_end|>", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void Llama3_ToolsInTheFirstUserTurn_CallAsNameAndParameters_ResultInIpython()
    {
        var prompt = new Llama3ToolFormat().Render(ToolTestData.RoundTrip(), ToolTestData.Auto, ToolTestData.Plain);

        Assert.StartsWith("<|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\nBe brief.<|eot_id|>", prompt, StringComparison.Ordinal);
        Assert.Contains("<|start_header_id|>user<|end_header_id|>\n\nGiven the following functions", prompt, StringComparison.Ordinal);
        Assert.Contains("\"name\": \"get_weather\"", prompt, StringComparison.Ordinal);
        Assert.Contains("Weather in Oslo?<|eot_id|>", prompt, StringComparison.Ordinal);
        Assert.Contains("<|start_header_id|>assistant<|end_header_id|>\n\n{\"name\": \"get_weather\", \"parameters\": {\"city\":\"Oslo\",\"days\":2}}<|eot_id|>", prompt, StringComparison.Ordinal);
        Assert.Contains("<|start_header_id|>ipython<|end_header_id|>\n\nSunny, 21 C<|eot_id|>", prompt, StringComparison.Ordinal);
        Assert.EndsWith("<|start_header_id|>assistant<|end_header_id|>\n\n", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void Mistral_AvailableToolsBeforeTheLastUserTurn_CallsAndResultsWithIds()
    {
        var messages = ToolTestData.RoundTrip();
        messages.Add(new ChatMessage(ChatRole.Assistant, "It is sunny."));
        messages.Add(new ChatMessage(ChatRole.User, "And tomorrow?"));
        var prompt = new MistralToolFormat().Render(messages, ToolTestData.Auto, ToolTestData.Plain);

        Assert.StartsWith("[INST] Weather in Oslo?[/INST]", prompt, StringComparison.Ordinal);
        Assert.Contains("[TOOL_CALLS] [{\"name\": \"get_weather\", \"arguments\": {\"city\":\"Oslo\",\"days\":2}, \"id\": \"call_1\"}]</s>", prompt, StringComparison.Ordinal);
        Assert.Contains("[TOOL_RESULTS] {\"content\": \"Sunny, 21 C\", \"call_id\": \"call_1\"}[/TOOL_RESULTS]", prompt, StringComparison.Ordinal);
        Assert.Contains(" It is sunny.</s>", prompt, StringComparison.Ordinal);
        Assert.EndsWith("[AVAILABLE_TOOLS] [{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"", prompt[..prompt.IndexOf(",\"description\"", StringComparison.Ordinal)], StringComparison.Ordinal);
        Assert.EndsWith("[/AVAILABLE_TOOLS][INST] Be brief.\n\nAnd tomorrow?[/INST]", prompt, StringComparison.Ordinal);
        Assert.Equal(1, CountOf(prompt, "[AVAILABLE_TOOLS]"));
    }

    [Fact]
    public void Generic_SchemasInTheSystemPrompt_ThenTheModelsOwnTemplate()
    {
        var prompt = new GenericToolFormat().Render(ToolTestData.RoundTrip(), ToolTestData.Auto, ToolTestData.Plain);

        Assert.StartsWith("[system] Be brief.\n\nTools you can call:\n{\"name\":\"get_weather\",\"description\":\"The forecast for a city.\",\"parameters\":{", prompt, StringComparison.Ordinal);
        Assert.Contains("answer only {\"tool_calls\":[{\"name\":<tool name>,\"arguments\":<arguments object>}]}", prompt, StringComparison.Ordinal);
        Assert.Contains("[assistant] {\"tool_calls\": [{\"name\": \"get_weather\", \"arguments\": {\"city\":\"Oslo\",\"days\":2}}]}\n", prompt, StringComparison.Ordinal);
        Assert.Contains("[user] Result of tool call call_1 (get_weather): Sunny, 21 C\n", prompt, StringComparison.Ordinal);
        Assert.EndsWith("[assistant] ", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void CallArguments_WithoutRawText_AreSerializedFromTheDictionary()
    {
        var call = new FunctionCallContent("c", "get_weather", new Dictionary<string, object?> { ["city"] = "Rome", ["days"] = JsonDocument.Parse("3").RootElement });
        Assert.Equal("{\"name\": \"get_weather\", \"arguments\": {\"city\":\"Rome\",\"days\":3}}", ToolJson.Call(call));
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;
}
