using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Contracts;
using ModelScale.ChatHost.Engine.Tools;

namespace ModelScale.ChatHost.Api;

/// <summary>
/// The input items of the Responses API, checked and brought to one plain form that is both what a stored response
/// keeps and what becomes the conversation's <see cref="ChatMessage"/>s: {"type": "message", role, content (text)},
/// {"type": "function_call", call_id, name, arguments} (an assistant's <see cref="FunctionCallContent"/>) and
/// {"type": "function_call_output", call_id, output} (a tool message's <see cref="FunctionResultContent"/>). An
/// item_reference is replaced by the stored item it names. Images, files and OpenAI's built-in tool items are refused
/// by name.
/// </summary>
public static class ResponsesItems
{
    public const string Message = "message";
    public const string FunctionCall = "function_call";
    public const string FunctionCallOutput = "function_call_output";
    public const string ItemReference = "item_reference";

    /// <summary>
    /// The items of <paramref name="input"/> (a string is one user message) in their plain form; or the first item that
    /// cannot be read. <paramref name="findItem"/> gives the JSON of a stored item by its id, or null.
    /// </summary>
    public static (List<JsonObject>? Items, ApiFailure? Failure) Read(JsonElement? input, Func<string, string?> findItem)
    {
        ArgumentNullException.ThrowIfNull(findItem);
        if (input is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            return FailInput("'input' is missing: give a string or an array of input items.", "input");
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return JsonText.Read(value) is { } text ? ([MessageItem("user", text, null)], null) : (null, JsonText.Invalid("input"));
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return (null, ApiFailure.BadRequest("Invalid type for 'input': expected a string or an array of input items.", "input", "invalid_type"));
        }

        var items = new List<JsonObject>();
        var index = 0;
        foreach (var element in value.EnumerateArray())
        {
            var (item, failure) = ReadItem(element, $"input[{index++}]", findItem);
            if (failure is not null)
            {
                return (null, failure);
            }

            items.Add(item!);
        }

        return (items, null);
    }

    /// <summary>The items of a stored conversation (written by this class, so in the plain form already).</summary>
    public static List<JsonObject> ReadStored(string conversation) =>
        JsonNode.Parse(conversation)!.AsArray().Select(n => n!.AsObject()).ToList();

    /// <summary>The plain item of a response's output item, as the conversation keeps it.</summary>
    public static JsonObject FromOutput(ResponseOutputItem item) => item switch
    {
        ResponseMessageItem message => MessageItem("assistant", string.Concat(message.Content.Select(c => c.Text)), message.Id),
        ResponseFunctionCallItem call => new JsonObject
        {
            ["type"] = FunctionCall, ["id"] = call.Id, ["call_id"] = call.CallId, ["name"] = call.Name, ["arguments"] = call.Arguments,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(item), item.GetType().Name, "Not an output item of this server."),
    };

    /// <summary>
    /// The conversation as chat messages: an assistant's text and the function calls after it are one message, each
    /// function call output is a tool message.
    /// </summary>
    public static List<ChatMessage> ToMessages(IEnumerable<JsonObject> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var messages = new List<ChatMessage>();
        foreach (var item in items)
        {
            switch ((string?)item["type"])
            {
                case Message:
                    messages.Add(new ChatMessage(Role((string)item["role"]!), (string)item["content"]!));
                    break;
                case FunctionCall:
                    // The arguments' text as the item has it (as the model wrote them), so that the prompt shows the call as it was.
                    var arguments = (string)item["arguments"]!;
                    var call = new FunctionCallContent((string)item["call_id"]!, (string)item["name"]!, Arguments(arguments)) { RawRepresentation = arguments };
                    if (messages.Count > 0 && messages[^1].Role == ChatRole.Assistant)
                    {
                        messages[^1].Contents.Add(call);
                    }
                    else
                    {
                        messages.Add(new ChatMessage(ChatRole.Assistant, [call]));
                    }

                    break;
                case FunctionCallOutput:
                    messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent((string)item["call_id"]!, (string)item["output"]!)]));
                    break;
                default:
                    throw new InvalidOperationException($"'{item["type"]}' is not a plain conversation item.");
            }
        }

        return messages;
    }

    private static ChatRole Role(string role) => role switch
    {
        "system" or "developer" => ChatRole.System,
        "user" => ChatRole.User,
        _ => ChatRole.Assistant,
    };

    private static (JsonObject? Item, ApiFailure? Failure) ReadItem(JsonElement element, string param, Func<string, string?> findItem)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return Fail($"'{param}' must be an input item (an object).", param, "invalid_type");
        }

        var type = element.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (type is null && element.TryGetProperty("role", out _))
        {
            type = Message;
        }

        switch (type)
        {
            case Message:
                return ReadMessage(element, param);
            case FunctionCall:
                return ReadFunctionCall(element, param);
            case FunctionCallOutput:
                return ReadFunctionCallOutput(element, param);
            case ItemReference:
                var id = String(element, "id");
                if (string.IsNullOrEmpty(id))
                {
                    return Fail($"'{param}.id' must name a stored item.", $"{param}.id");
                }

                return findItem(id) is { } stored
                    ? (JsonNode.Parse(stored)!.AsObject(), null)
                    : (null, new ApiFailure(StatusCodes.Status404NotFound, new ApiError($"Item with id '{id}' not found.", ApiFailure.InvalidRequest, $"{param}.id", "item_not_found")));
            case null:
                return Fail($"'{param}' needs a 'type' (message, function_call, function_call_output or item_reference) or a 'role'.", $"{param}.type");
            default:
                return Fail(
                    $"'{param}' is a '{type}' item, which this server does not take; it takes message, function_call, function_call_output and item_reference items.",
                    $"{param}.type",
                    "unsupported_value");
        }
    }

    private static (JsonObject? Item, ApiFailure? Failure) ReadMessage(JsonElement element, string param)
    {
        var role = String(element, "role");
        if (role is not ("user" or "system" or "developer" or "assistant"))
        {
            return Fail(
                role is null
                    ? $"'{param}.role' is missing; use user, system, developer or assistant."
                    : $"'{role}' is not a supported role in '{param}.role'; use user, system, developer or assistant.",
                $"{param}.role");
        }

        if (!element.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
        {
            return Fail($"'{param}.content' is missing.", $"{param}.content");
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return JsonText.Read(content) is { } whole ? (MessageItem(role, whole, String(element, "id")), null) : (null, JsonText.Invalid($"{param}.content"));
        }

        var (text, failure) = Parts(content, $"{param}.content", role == "assistant" ? ["output_text", "refusal", "input_text"] : ["input_text"]);
        return failure is null ? (MessageItem(role, text!, String(element, "id")), null) : (null, failure);
    }

    private static (JsonObject? Item, ApiFailure? Failure) ReadFunctionCall(JsonElement element, string param)
    {
        var callId = String(element, "call_id");
        var name = String(element, "name");
        var arguments = String(element, "arguments");
        if (string.IsNullOrEmpty(callId) || string.IsNullOrEmpty(name) || arguments is null)
        {
            return Fail($"'{param}' is a function_call: it needs 'call_id', 'name' and 'arguments' (a JSON text).", param);
        }

        try
        {
            using var parsed = JsonDocument.Parse(arguments);
            if (parsed.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Fail($"'{param}.arguments' must be a JSON object, as a string.", $"{param}.arguments");
            }
        }
        catch (JsonException)
        {
            return Fail($"'{param}.arguments' is not valid JSON.", $"{param}.arguments");
        }

        var item = new JsonObject { ["type"] = FunctionCall, ["call_id"] = callId, ["name"] = name, ["arguments"] = arguments };
        if (String(element, "id") is { } id)
        {
            item["id"] = id;
        }

        return (item, null);
    }

    private static (JsonObject? Item, ApiFailure? Failure) ReadFunctionCallOutput(JsonElement element, string param)
    {
        var callId = String(element, "call_id");
        if (string.IsNullOrEmpty(callId))
        {
            return Fail($"'{param}.call_id' must name the function call this is the output of.", $"{param}.call_id");
        }

        if (!element.TryGetProperty("output", out var output) || output.ValueKind is not (JsonValueKind.String or JsonValueKind.Array))
        {
            return Fail($"'{param}.output' must be a string or an array of input_text parts.", $"{param}.output", "invalid_type");
        }

        var (text, failure) = output.ValueKind == JsonValueKind.String
            ? (JsonText.Read(output), JsonText.Read(output) is null ? JsonText.Invalid($"{param}.output") : null)
            : Parts(output, $"{param}.output", ["input_text"]);
        if (failure is not null)
        {
            return (null, failure);
        }

        var item = new JsonObject { ["type"] = FunctionCallOutput, ["call_id"] = callId, ["output"] = text };
        if (String(element, "id") is { } id)
        {
            item["id"] = id;
        }

        return (item, null);
    }

    /// <summary>The text of an array of content parts of the given types; images, files and audio are refused by name.</summary>
    private static (string? Text, ApiFailure? Failure) Parts(JsonElement parts, string param, string[] types)
    {
        if (parts.ValueKind != JsonValueKind.Array)
        {
            return (null, ApiFailure.BadRequest($"Invalid type for '{param}': expected a string or an array of content parts.", param, "invalid_type"));
        }

        var text = new StringBuilder();
        var index = 0;
        foreach (var part in parts.EnumerateArray())
        {
            var at = $"{param}[{index++}]";
            var type = part.ValueKind == JsonValueKind.Object ? String(part, "type") : null;
            if (type is "input_image" or "input_file" or "input_audio")
            {
                return (null, ApiFailure.BadRequest($"'{at}' is an {type} part; this server's models read text only.", $"{at}.type", "unsupported_value"));
            }

            if (type is null || !types.Contains(type))
            {
                return (null, ApiFailure.BadRequest($"'{at}' must be a part of type {string.Join(" or ", types)} with its text.", at));
            }

            var field = type == "refusal" ? "refusal" : "text";
            if (!part.TryGetProperty(field, out var piece) || piece.ValueKind != JsonValueKind.String)
            {
                return (null, ApiFailure.BadRequest($"'{at}.{field}' must be a string.", $"{at}.{field}", "invalid_type"));
            }

            if (JsonText.Read(piece) is not { } read)
            {
                return (null, JsonText.Invalid($"{at}.{field}"));
            }

            text.Append(read);
        }

        return (text.ToString(), null);
    }

    private static JsonObject MessageItem(string role, string content, string? id)
    {
        var item = new JsonObject { ["type"] = Message, ["role"] = role, ["content"] = content };
        if (id is not null)
        {
            item["id"] = id;
        }

        return item;
    }

    private static Dictionary<string, object?> Arguments(string arguments)
    {
        using var parsed = JsonDocument.Parse(arguments);
        return ToolJson.ArgumentsOf(parsed.RootElement);
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? JsonText.Read(value) : null;

    private static (JsonObject? Item, ApiFailure? Failure) Fail(string message, string param, string? code = null) => (null, ApiFailure.BadRequest(message, param, code));

    private static (List<JsonObject>? Items, ApiFailure? Failure) FailInput(string message, string param) => (null, ApiFailure.BadRequest(message, param));
}
