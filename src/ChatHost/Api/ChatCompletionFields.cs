using System.Text.Json;

namespace ModelScale.ChatHost.Api;

/// <summary>
/// What the server does with the OpenAI chat-completion fields it does not use: a field that would change the answer
/// is refused by name (never ignored); a field that only labels the request is let through.
/// </summary>
public static class ChatCompletionFields
{
    /// <summary>Fields that change nothing in the answer: an end-user id, a service tier hint, stored-completion labels.</summary>
    private static readonly HashSet<string> Inert = new(StringComparer.Ordinal) { "user", "safety_identifier", "prompt_cache_key", "metadata" };

    /// <summary>Why a known OpenAI field is refused.</summary>
    private static readonly Dictionary<string, string> Refused = new(StringComparer.Ordinal)
    {
        ["functions"] = "The legacy 'functions' field is not supported; declare them in 'tools'.",
        ["function_call"] = "The legacy 'function_call' field is not supported; use 'tool_choice'.",
        ["audio"] = "Audio output is not supported; 'audio' cannot be used.",
        ["modalities"] = "Only text output is supported; 'modalities' may only be [\"text\"].",
        ["prediction"] = "Predicted outputs are not supported; 'prediction' cannot be used.",
        ["web_search_options"] = "Web search is not supported; 'web_search_options' cannot be used.",
        ["reasoning_effort"] = "'reasoning_effort' is not supported by this server's models.",
        ["verbosity"] = "'verbosity' is not supported by this server.",
        ["store"] = "Stored completions are not supported; 'store' may only be false.",
        ["service_tier"] = "'service_tier' may only be \"auto\" or \"default\" on this server.",
    };

    /// <summary>The first field of the request that the server cannot honour, as an error; null when there is none.</summary>
    public static ApiFailure? Check(IReadOnlyDictionary<string, JsonElement>? unread)
    {
        if (unread is null)
        {
            return null;
        }

        foreach (var (name, value) in unread)
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

    /// <summary>A refused field with the value that asks for nothing (store false, text modality, no tools).</summary>
    private static bool IsHarmless(string name, JsonElement value) => name switch
    {
        "store" => value.ValueKind == JsonValueKind.False,
        "functions" => value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 0,
        "function_call" => value.ValueKind == JsonValueKind.String && value.GetString() is "none",
        "modalities" => value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(m => m.ValueKind == JsonValueKind.String && m.GetString() == "text"),
        "service_tier" => value.ValueKind == JsonValueKind.String && value.GetString() is "auto" or "default",
        _ => false,
    };

    /// <summary>The first field of a message the server cannot honour; null when there is none.</summary>
    public static ApiFailure? CheckMessage(IReadOnlyDictionary<string, JsonElement>? unread, string param)
    {
        foreach (var (name, value) in unread ?? new Dictionary<string, JsonElement>())
        {
            if (name is "name" or "refusal" || value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            return name is "function_call"
                ? ApiFailure.BadRequest($"The legacy '{param}.function_call' is not supported; use '{param}.tool_calls'.", $"{param}.{name}", "unsupported_parameter")
                : ApiFailure.BadRequest($"Unrecognized message argument supplied: {param}.{name}", $"{param}.{name}", "unsupported_parameter");
        }

        return null;
    }
}
