using System.Text.Json;

namespace ModelScale.ChatHost.Engine.Tools;

/// <summary>Reads tool calls out of the JSON a model wrote, leniently: the arguments may sit under "arguments" or "parameters", as an object or as a string holding one.</summary>
public static class ToolCallJson
{
    /// <summary>One call object {"name": ..., "arguments"|"parameters": {...}}; null when the text is not one.</summary>
    public static ParsedToolCall? ReadCall(JsonElement call)
    {
        if (call.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        // OpenAI's own shape nests the call under "function".
        if (call.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object)
        {
            call = function;
        }

        if (!call.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(name.GetString()))
        {
            return null;
        }

        JsonElement arguments = default;
        var found = call.TryGetProperty("arguments", out arguments) || call.TryGetProperty("parameters", out arguments);
        if (!found || arguments.ValueKind == JsonValueKind.Null)
        {
            return new ParsedToolCall(name.GetString()!, "{}");
        }

        if (arguments.ValueKind == JsonValueKind.Object)
        {
            return new ParsedToolCall(name.GetString()!, arguments.GetRawText());
        }

        if (arguments.ValueKind == JsonValueKind.String && TryParse(arguments.GetString()!) is { ValueKind: JsonValueKind.Object } inner)
        {
            return new ParsedToolCall(name.GetString()!, inner.GetRawText());
        }

        return null;
    }

    /// <summary>Calls from a JSON value: one call, an array of calls, or an object holding "tool_calls" (an array) or "tool_call" (one).</summary>
    public static IReadOnlyList<ParsedToolCall>? ReadCalls(string text)
    {
        if (TryParse(text) is not { } value)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            if (value.TryGetProperty("tool_calls", out var many))
            {
                value = many;
            }
            else if (value.TryGetProperty("tool_call", out var one))
            {
                return ReadCall(one) is { } single ? [single] : null;
            }
            else
            {
                return ReadCall(value) is { } call ? [call] : null;
            }
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            return null;
        }

        var calls = new List<ParsedToolCall>();
        foreach (var item in value.EnumerateArray())
        {
            if (ReadCall(item) is not { } call)
            {
                return null;
            }

            calls.Add(call);
        }

        return calls;
    }

    /// <summary>The JSON value that is the whole text (whitespace around it allowed); null when it is not JSON.</summary>
    public static JsonElement? TryParse(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text.Trim());
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
