using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelScale.ChatHost.Contracts;

/// <summary>
/// The body of POST /v1/chat/completions: the fields this server reads. Any other field lands in
/// <see cref="Unread"/>, and the API's <c>ChatCompletionInput</c> refuses it by name (a few inert ones are let through).
/// </summary>
public sealed record ChatCompletionRequest
{
    public string? Model { get; init; }

    public IReadOnlyList<ChatCompletionRequestMessage>? Messages { get; init; }

    public bool? Stream { get; init; }

    public StreamOptions? StreamOptions { get; init; }

    public float? Temperature { get; init; }

    public long? Seed { get; init; }

    public int? MaxTokens { get; init; }

    /// <summary>The newer name of max_tokens (the OpenAI SDKs send this one).</summary>
    public int? MaxCompletionTokens { get; init; }

    /// <summary>A string or an array of strings.</summary>
    public JsonElement? Stop { get; init; }

    public int? N { get; init; }

    public float? TopP { get; init; }

    /// <summary>llama.cpp's top_k (not an OpenAI field; llama-server and Ollama take it).</summary>
    public int? TopK { get; init; }

    /// <summary>llama.cpp's min_p (not an OpenAI field).</summary>
    public float? MinP { get; init; }

    public float? FrequencyPenalty { get; init; }

    public float? PresencePenalty { get; init; }

    /// <summary>llama.cpp's repeat_penalty (not an OpenAI field).</summary>
    public float? RepeatPenalty { get; init; }

    /// <summary>An object from token id (as a string) to a bias between -100 and 100.</summary>
    public JsonElement? LogitBias { get; init; }

    /// <summary>Whether each answer token comes with its log probability.</summary>
    public bool? Logprobs { get; init; }

    /// <summary>How many of the most likely tokens each step lists (0 to 20); needs logprobs: true.</summary>
    public int? TopLogprobs { get; init; }

    /// <summary>{"type": "text" | "json_object" | "json_schema", "json_schema": {name, schema, strict}}.</summary>
    public JsonElement? ResponseFormat { get; init; }

    /// <summary>An array of {"type": "function", "function": {name, description, parameters, strict}}.</summary>
    public JsonElement? Tools { get; init; }

    /// <summary>"none", "auto", "required", or {"type": "function", "function": {"name": ...}}.</summary>
    public JsonElement? ToolChoice { get; init; }

    public JsonElement? ParallelToolCalls { get; init; }

    /// <summary>Every field not above, by name.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unread { get; init; }
}

/// <summary>stream_options: include_usage adds a last chunk with the usage and no choices.</summary>
public sealed record StreamOptions
{
    public bool? IncludeUsage { get; init; }
}

/// <summary>One message: content is a string or an array of text parts.</summary>
public sealed record ChatCompletionRequestMessage
{
    public string? Role { get; init; }

    public JsonElement? Content { get; init; }

    /// <summary>An assistant's calls: [{"id", "type": "function", "function": {"name", "arguments"}}].</summary>
    public JsonElement? ToolCalls { get; init; }

    /// <summary>The call a "tool" message answers.</summary>
    public JsonElement? ToolCallId { get; init; }

    /// <summary>Every other field of the message (name is let through; the legacy function_call is refused by name).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unread { get; init; }
}
