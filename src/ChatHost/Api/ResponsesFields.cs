using System.Text.Json;

namespace ModelScale.ChatHost.Api;

/// <summary>
/// What the server does with the Responses fields it does not use: a field that would change the answer is refused by
/// name (never ignored); a field that only labels the request is let through.
/// </summary>
public static class ResponsesFields
{
    /// <summary>Fields that change nothing in the answer: an end-user id, labels, cache hints, stream padding.</summary>
    private static readonly HashSet<string> Inert = new(StringComparer.Ordinal)
    {
        "user", "safety_identifier", "prompt_cache_key", "prompt_cache_retention", "metadata", "stream_options",
    };

    /// <summary>Why a known OpenAI field is refused.</summary>
    private static readonly Dictionary<string, string> Refused = new(StringComparer.Ordinal)
    {
        ["reasoning"] = "'reasoning' is not supported: this server's models take no reasoning effort and write no reasoning summaries.",
        ["include"] = "'include' is not supported: this server has no extra output to include (no logprobs, reasoning or built-in tool results).",
        ["background"] = "Background responses are not supported; 'background' may only be false.",
        ["truncation"] = "Only truncation \"disabled\" is supported by this server's Responses API.",
        ["conversation"] = "Conversation objects are not supported; continue a response with 'previous_response_id'.",
        ["prompt"] = "Prompt templates are not supported; 'prompt' cannot be used.",
        ["top_logprobs"] = "'top_logprobs' is not supported by this server's Responses API.",
        ["max_tool_calls"] = "'max_tool_calls' is not supported: this server has no built-in tools, and each response holds the calls the model makes.",
        ["service_tier"] = "'service_tier' may only be \"auto\" or \"default\" on this server.",
    };

    /// <summary>The first field of the request that the server cannot honour, as an error; null when there is none.</summary>
    public static ApiFailure? Check(IReadOnlyDictionary<string, JsonElement>? unread)
    {
        foreach (var (name, value) in unread ?? new Dictionary<string, JsonElement>())
        {
            if (Inert.Contains(name) || value.ValueKind == JsonValueKind.Null || IsHarmless(name, value))
            {
                continue;
            }

            return Refused.TryGetValue(name, out var reason)
                ? ApiFailure.BadRequest(reason, name, "unsupported_parameter")
                : ApiFailure.BadRequest($"Unrecognized request argument supplied: {name}", name, "unsupported_parameter");
        }

        return null;
    }

    /// <summary>A refused field with the value that asks for nothing.</summary>
    private static bool IsHarmless(string name, JsonElement value) => name switch
    {
        "background" => value.ValueKind == JsonValueKind.False,
        "include" => value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 0,
        "truncation" => value.ValueKind == JsonValueKind.String && value.GetString() == "disabled",
        "reasoning" => value.ValueKind == JsonValueKind.Object && value.EnumerateObject().All(p => p.Value.ValueKind == JsonValueKind.Null),
        "top_logprobs" => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n == 0,
        "service_tier" => value.ValueKind == JsonValueKind.String && value.GetString() is "auto" or "default",
        _ => false,
    };
}
