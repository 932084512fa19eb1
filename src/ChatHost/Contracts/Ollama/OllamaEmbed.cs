using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelScale.ChatHost.Contracts.Ollama;

/// <summary>POST /api/embed: a string or an array of strings; truncate (default true) cuts inputs to the context.</summary>
public sealed record OllamaEmbedRequest
{
    public string? Model { get; init; }

    public JsonElement? Input { get; init; }

    public bool? Truncate { get; init; }

    public int? Dimensions { get; init; }

    public JsonElement? KeepAlive { get; init; }

    public Dictionary<string, JsonElement>? Options { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unread { get; init; }
}

/// <summary>One vector per input, in order, with the tokens read and the durations in nanoseconds.</summary>
public sealed record OllamaEmbedResponse(
    string Model,
    IReadOnlyList<float[]> Embeddings,
    long TotalDuration,
    long LoadDuration,
    int PromptEvalCount);

/// <summary>POST /api/embeddings, Ollama's older embedding route: one prompt, one vector.</summary>
public sealed record OllamaLegacyEmbedRequest
{
    public string? Model { get; init; }

    public string? Prompt { get; init; }

    public JsonElement? KeepAlive { get; init; }

    public Dictionary<string, JsonElement>? Options { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unread { get; init; }
}

/// <summary>The vector of the older route.</summary>
public sealed record OllamaLegacyEmbedResponse(float[] Embedding);
