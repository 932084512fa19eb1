using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Contracts.Ollama;

namespace ModelScale.ChatHost.Api.Ollama;

/// <summary>
/// Ollama's tools and tool calls onto Microsoft.Extensions.AI's: each {type: "function", function: {name, description,
/// parameters}} becomes an <see cref="AIFunctionDeclaration"/> in <see cref="ChatOptions.Tools"/> (the model may call
/// them: <see cref="ChatToolMode.Auto"/>, as Ollama has no tool_choice); a <see cref="FunctionCallContent"/> in the
/// answer becomes a tool_calls entry whose arguments are a JSON object.
/// </summary>
public static class OllamaTools
{
    /// <summary>The declarations, or the sentence that says which tool is malformed.</summary>
    public static (IList<AITool>? Tools, OllamaFailure? Failure) From(JsonElement? value)
    {
        if (value is not { } tools || tools.ValueKind == JsonValueKind.Null)
        {
            return (null, null);
        }

        if (tools.ValueKind != JsonValueKind.Array)
        {
            return (null, OllamaFailure.BadRequest("'tools' must be an array of {\"type\":\"function\",\"function\":{name, description, parameters}}."));
        }

        var declared = new List<AITool>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var tool in tools.EnumerateArray())
        {
            var where = $"tools[{index++}]";
            if (tool.ValueKind != JsonValueKind.Object)
            {
                return (null, OllamaFailure.BadRequest($"'{where}' must be an object."));
            }

            if (tool.TryGetProperty("type", out var type) && !(type.ValueKind == JsonValueKind.String && type.GetString() == "function"))
            {
                return (null, OllamaFailure.BadRequest($"'{where}.type' must be \"function\", the only kind of tool there is."));
            }

            if (!tool.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object)
            {
                return (null, OllamaFailure.BadRequest($"'{where}.function' must be an object with a name and parameters."));
            }

            if (!function.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String
                || JsonText.Read(nameElement) is not { Length: > 0 } name)
            {
                return (null, OllamaFailure.BadRequest($"'{where}.function.name' must be a non-empty string."));
            }

            if (!names.Add(name))
            {
                return (null, OllamaFailure.BadRequest($"'{where}.function.name': two tools are named '{name}'; each name must be unique."));
            }

            var description = function.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? JsonText.Read(d) : null;
            JsonElement parameters;
            if (!function.TryGetProperty("parameters", out parameters) || parameters.ValueKind == JsonValueKind.Null)
            {
                parameters = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement;
            }
            else if (parameters.ValueKind != JsonValueKind.Object)
            {
                return (null, OllamaFailure.BadRequest($"'{where}.function.parameters' must be a JSON Schema object."));
            }

            declared.Add(AIFunctionFactory.CreateDeclaration(name, description, parameters.Clone()));
        }

        return (declared.Count == 0 ? null : declared, null);
    }

    /// <summary>The tool_calls of an answer, numbered in the order the model made them.</summary>
    public static IReadOnlyList<OllamaToolCall> Calls(IEnumerable<FunctionCallContent> calls, int firstIndex = 0)
    {
        ArgumentNullException.ThrowIfNull(calls);
        return [.. calls.Select((call, i) => new OllamaToolCall
        {
            Id = call.CallId,
            Function = new OllamaToolCallFunction
            {
                Index = firstIndex + i,
                Name = call.Name,
                Arguments = JsonSerializer.SerializeToElement(call.Arguments ?? new Dictionary<string, object?>(), AIJsonUtilities.DefaultOptions),
            },
        })];
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
                return parsed.RootElement.ValueKind == JsonValueKind.Object ? (ToDictionary(parsed.RootElement), null) : (null, "must be a JSON object");
            }
            catch (JsonException)
            {
                return (null, "is a string that is not JSON");
            }
        }

        return value.ValueKind == JsonValueKind.Object ? (ToDictionary(value), null) : (null, "must be a JSON object");
    }

    private static Dictionary<string, object?> ToDictionary(JsonElement value) =>
        value.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal);
}
