using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelScale.ChatHost.Contracts;

/// <summary>The body of POST /v1/embeddings; any other field lands in <see cref="Unread"/> and is refused by name.</summary>
public sealed record EmbeddingRequest
{
    public string? Model { get; init; }

    /// <summary>A string or an array of strings.</summary>
    public JsonElement? Input { get; init; }

    /// <summary>"float" (the default) or "base64" (little-endian float32s).</summary>
    public string? EncodingFormat { get; init; }

    /// <summary>Truncating vectors is not supported: refused by name when present.</summary>
    public JsonElement? Dimensions { get; init; }

    /// <summary>Accepted; changes nothing.</summary>
    public string? User { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unread { get; init; }
}
