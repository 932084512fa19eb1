using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelScale.ChatHost.Contracts.Ollama;

/// <summary>POST /api/pull: a catalog profile to download into the models folder.</summary>
public sealed record OllamaPullRequest
{
    public string? Model { get; init; }

    public string? Name { get; init; }

    public bool? Stream { get; init; }

    /// <summary>Allows an insecure registry: refused when true (downloads here use the catalog's sources).</summary>
    public bool? Insecure { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unread { get; init; }
}

/// <summary>One line of a pull's progress: a status, and while bytes move the digest, total and completed bytes.</summary>
public sealed record OllamaProgress(string Status, string? Digest = null, long? Total = null, long? Completed = null);
