using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ModelScale.ChatHost.Api;

/// <summary>
/// The tool parts of chat completion messages: an assistant's tool_calls become <see cref="FunctionCallContent"/>s
/// (the arguments' JSON text kept as their raw representation), and a "tool" message becomes a
/// <see cref="FunctionResultContent"/> in a <see cref="ChatRole.Tool"/> message, which must answer a call made earlier
/// in the history.
/// </summary>
public static class ToolMessageInput
{
    public static (IReadOnlyList<FunctionCallContent>? Calls, ApiFailure? Failure) Calls(JsonElement? toolCalls, string param, ISet<string> callIds)
    {
        ArgumentNullException.ThrowIfNull(callIds);
        if (toolCalls is not { ValueKind: not JsonValueKind.Null } list)
        {
            return ([], null);
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            return Fail($"'{param}.tool_calls' must be an array of calls.", $"{param}.tool_calls", "invalid_type");
        }

        var calls = new List<FunctionCallContent>();
        var index = 0;
        foreach (var call in list.EnumerateArray())
        {
            var at = $"{param}.tool_calls[{index++}]";
            if (call.ValueKind != JsonValueKind.Object
                || !call.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String || JsonText.Read(id) is not { Length: > 0 } callId)
            {
                return Fail($"'{at}.id' is missing: every call needs an id.", $"{at}.id", "missing_required_parameter");
            }

            if (call.TryGetProperty("type", out var type) && !(type.ValueKind == JsonValueKind.String && type.GetString() == "function"))
            {
                return Fail($"'{at}.type' must be \"function\".", $"{at}.type", "invalid_value");
            }

            if (!call.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object
                || !function.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || JsonText.Read(name) is not { Length: > 0 } functionName)
            {
                return Fail($"'{at}.function.name' is missing.", $"{at}.function.name", "missing_required_parameter");
            }

            var arguments = "{}";
            if (function.TryGetProperty("arguments", out var args) && args.ValueKind != JsonValueKind.Null)
            {
                if (args.ValueKind != JsonValueKind.String || JsonText.Read(args) is not { } text || !IsObject(text))
                {
                    return Fail($"'{at}.function.arguments' must be a string holding a JSON object.", $"{at}.function.arguments", "invalid_value");
                }

                arguments = text.Trim().Length == 0 ? "{}" : text;
            }

            var parsed = JsonSerializer.Deserialize<Dictionary<string, object?>>(arguments, AIJsonUtilities.DefaultOptions);
            calls.Add(new FunctionCallContent(callId, functionName, parsed) { RawRepresentation = arguments });
            callIds.Add(callId);
        }

        return (calls, null);
    }

    /// <summary>A "tool" message: its result, for a call an earlier assistant message made.</summary>
    public static (ChatMessage? Message, ApiFailure? Failure) Result(JsonElement? toolCallId, string content, string param, ISet<string> callIds)
    {
        ArgumentNullException.ThrowIfNull(callIds);
        if (toolCallId is not { ValueKind: JsonValueKind.String } idValue || JsonText.Read(idValue) is not { Length: > 0 } id)
        {
            return (null, ApiFailure.BadRequest($"'{param}.tool_call_id' is missing: a tool message must name the call it answers.", $"{param}.tool_call_id", "missing_required_parameter"));
        }

        if (!callIds.Contains(id))
        {
            return (null, ApiFailure.BadRequest($"'{param}.tool_call_id' is '{id}', which no earlier assistant message's tool_calls made.", $"{param}.tool_call_id", "invalid_value"));
        }

        return (new ChatMessage(ChatRole.Tool, [new FunctionResultContent(id, content)]), null);
    }

    private static bool IsObject(string text)
    {
        if (text.Trim().Length == 0)
        {
            return true;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static (IReadOnlyList<FunctionCallContent>? Calls, ApiFailure? Failure) Fail(string message, string param, string code) =>
        (null, ApiFailure.BadRequest(message, param, code));
}
