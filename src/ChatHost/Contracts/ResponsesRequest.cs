using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelScale.ChatHost.Contracts;

/// <summary>
/// The body of POST /v1/responses (OpenAI's Responses API): the fields this server reads. Any other field lands in
/// <see cref="Unread"/>, and the API refuses it by name (a few inert ones are let through).
/// </summary>
public sealed record ResponsesRequest
{
    public string? Model { get; init; }

    /// <summary>A string (one user message) or an array of input items: messages, function calls and their outputs, item references.</summary>
    public JsonElement? Input { get; init; }

    /// <summary>A system message for this response only; a follow-up through previous_response_id does not inherit it.</summary>
    public string? Instructions { get; init; }

    public int? MaxOutputTokens { get; init; }

    public float? Temperature { get; init; }

    public float? TopP { get; init; }

    /// <summary>Not an OpenAI field here: the seed to sample with (drawn at random when absent), as chat completions take it.</summary>
    public long? Seed { get; init; }

    /// <summary>{"format": {"type": "text" | "json_object" | "json_schema", name, schema, strict}}.</summary>
    public JsonElement? Text { get; init; }

    /// <summary>Function tools: {"type": "function", name, description, parameters, strict}.</summary>
    public JsonElement? Tools { get; init; }

    /// <summary>"auto", "none", "required" or {"type": "function", "name": ...}.</summary>
    public JsonElement? ToolChoice { get; init; }

    public bool? ParallelToolCalls { get; init; }

    public bool? Stream { get; init; }

    public string? PreviousResponseId { get; init; }

    /// <summary>Whether the response is kept for previous_response_id and GET (default true, as OpenAI does).</summary>
    public bool? Store { get; init; }

    /// <summary>Every field not above, by name.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unread { get; init; }
}
