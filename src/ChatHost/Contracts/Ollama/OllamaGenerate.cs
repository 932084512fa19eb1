using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelScale.ChatHost.Contracts.Ollama;

/// <summary>POST /api/generate: a prompt (with an optional system prompt) answered through the model's chat template, or raw.</summary>
public sealed record OllamaGenerateRequest
{
    public string? Model { get; init; }

    public string? Prompt { get; init; }

    public string? System { get; init; }

    /// <summary>True sends the prompt as it is, without the chat template.</summary>
    public bool? Raw { get; init; }

    public bool? Stream { get; init; }

    public JsonElement? Format { get; init; }

    public JsonElement? KeepAlive { get; init; }

    public Dictionary<string, JsonElement>? Options { get; init; }

    public JsonElement? Think { get; init; }

    /// <summary>Fill-in-the-middle text after the answer: refused (no model here is trained for it).</summary>
    public string? Suffix { get; init; }

    /// <summary>A Go template that replaces the model's: refused.</summary>
    public string? Template { get; init; }

    /// <summary>The deprecated token context of an earlier answer: refused (send the conversation to /api/chat).</summary>
    public JsonElement? Context { get; init; }

    public JsonElement? Images { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unread { get; init; }
}

/// <summary>One line of a streamed generation, or the whole answer with stream: false.</summary>
public sealed record OllamaGenerateResponse : OllamaTimings
{
    public required string Model { get; init; }

    public required string CreatedAt { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required string Response { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required bool Done { get; init; }
}
