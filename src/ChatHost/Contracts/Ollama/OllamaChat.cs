using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelScale.ChatHost.Contracts.Ollama;

/// <summary>POST /api/chat: the fields this server reads; any other lands in <see cref="Unread"/> and is refused by name.</summary>
public sealed record OllamaChatRequest
{
    public string? Model { get; init; }

    public IReadOnlyList<OllamaMessage>? Messages { get; init; }

    /// <summary>True (the default) streams one JSON object per line.</summary>
    public bool? Stream { get; init; }

    /// <summary>"json", or a JSON Schema object.</summary>
    public JsonElement? Format { get; init; }

    /// <summary>A duration: seconds as a number, or a string such as "5m" or "0".</summary>
    public JsonElement? KeepAlive { get; init; }

    /// <summary>[{type: "function", function: {name, description, parameters}}].</summary>
    public JsonElement? Tools { get; init; }

    /// <summary>Model options by name (num_ctx, temperature, ...).</summary>
    public Dictionary<string, JsonElement>? Options { get; init; }

    /// <summary>Thinking: accepted only as false (this server's models have no separate thinking channel).</summary>
    public JsonElement? Think { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unread { get; init; }
}

/// <summary>One message of a chat, as Ollama sends and returns it.</summary>
public sealed record OllamaMessage
{
    public string? Role { get; init; }

    public string? Content { get; init; }

    /// <summary>Base64 images: refused (no model here sees images).</summary>
    public JsonElement? Images { get; init; }

    public IReadOnlyList<OllamaToolCall>? ToolCalls { get; init; }

    /// <summary>On a role "tool" message: the function whose result this is.</summary>
    public string? ToolName { get; init; }

    /// <summary>On a role "tool" message, the id of the call it answers (newer clients send it).</summary>
    public string? ToolCallId { get; init; }

    public string? Thinking { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unread { get; init; }
}

/// <summary>A call the model made: {id, function: {index, name, arguments}}; arguments is an object, not a string.</summary>
public sealed record OllamaToolCall
{
    public string? Id { get; init; }

    public OllamaToolCallFunction? Function { get; init; }
}

public sealed record OllamaToolCallFunction
{
    public int? Index { get; init; }

    public string? Name { get; init; }

    public JsonElement? Arguments { get; init; }
}

/// <summary>
/// One line of a streamed chat (or the whole answer with stream: false): the message so far, and on the last line
/// done, done_reason and the timings in nanoseconds.
/// </summary>
public sealed record OllamaChatResponse : OllamaTimings
{
    public required string Model { get; init; }

    public required string CreatedAt { get; init; }

    public required OllamaMessage Message { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required bool Done { get; init; }
}
