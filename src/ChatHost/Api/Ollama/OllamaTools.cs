using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Contracts.Ollama;
using ModelScale.ChatHost.Engine.Tools;

namespace ModelScale.ChatHost.Api.Ollama;

/// <summary>
/// Ollama's tools and tool calls onto Microsoft.Extensions.AI's: each {type: "function", function: {name, description,
/// parameters}} becomes an <see cref="AIFunctionDeclaration"/> in <see cref="ChatOptions.Tools"/> (the model may call
/// them: <see cref="ChatToolMode.Auto"/>, as Ollama has no tool_choice); a <see cref="FunctionCallContent"/> in the
/// answer becomes a tool_calls entry whose arguments are a JSON object.
/// </summary>
public static class OllamaTools
{
    /// <summary>
    /// The declarations, or the sentence that says which tool is malformed: checked as /v1/chat/completions checks its
    /// tools (a name, an object schema the grammar can express, no name twice).
    /// </summary>
    public static (IList<AITool>? Tools, OllamaFailure? Failure) From(JsonElement? value)
    {
        var (tools, failure) = ToolsInput.From(value, null, null);
        return failure is not null ? (null, OllamaFailure.From(failure)) : (tools!.Declared, null);
    }

    /// <summary>The tool_calls of an answer, numbered in the order the model made them.</summary>
    public static IReadOnlyList<OllamaToolCall> Calls(IEnumerable<FunctionCallContent> calls, int firstIndex = 0)
    {
        ArgumentNullException.ThrowIfNull(calls);
        return [.. calls.Select((call, i) => new OllamaToolCall
        {
            Id = string.IsNullOrEmpty(call.CallId) ? $"call_{Guid.NewGuid():N}" : call.CallId,
            Function = new OllamaToolCallFunction
            {
                Index = firstIndex + i,
                Name = call.Name,
                Arguments = JsonSerializer.SerializeToElement(call.Arguments ?? new Dictionary<string, object?>(), AIJsonUtilities.DefaultOptions),
            },
        })];
    }

    /// <summary>
    /// The calls the model left unfinished (cut by the token limit, or whose arguments stopped being JSON), as text: an
    /// Ollama call's arguments must be an object, and Ollama, like llama-server, gives back as content a call it cannot
    /// parse rather than a call to run. Each is written as {"name": ..., "arguments": ...} with the arguments as far as
    /// they got; empty when every call is whole.
    /// </summary>
    public static string Unfinished(IEnumerable<FunctionCallContent> calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        return string.Concat(calls.Where(call => !ToolJson.IsWhole(call)).Select(call => ToolJson.Call(call)));
    }

    /// <summary>The arguments of a call a client sends back (an object, or a JSON string of one, as some clients send).</summary>
    public static (Dictionary<string, object?>? Arguments, string? Error) Arguments(JsonElement? arguments)
    {
        if (arguments is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            return (new Dictionary<string, object?>(), null);
        }

        if (value.ValueKind == JsonValueKind.String && JsonText.Read(value) is { } text)
        {
            try
            {
                using var parsed = JsonDocument.Parse(text);
                return parsed.RootElement.ValueKind == JsonValueKind.Object ? (ToolJson.ArgumentsOf(parsed.RootElement), null) : (null, "must be a JSON object");
            }
            catch (JsonException)
            {
                return (null, "is a string that is not JSON");
            }
        }

        return value.ValueKind == JsonValueKind.Object ? (ToolJson.ArgumentsOf(value), null) : (null, "must be a JSON object");
    }
}
