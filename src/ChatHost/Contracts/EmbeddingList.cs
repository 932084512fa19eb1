using System.Text.Json.Serialization;

namespace ModelScale.ChatHost.Contracts;

/// <summary>The answer of POST /v1/embeddings, as OpenAI writes it.</summary>
public sealed record EmbeddingList(IReadOnlyList<EmbeddingItem> Data, string Model, EmbeddingUsage Usage)
{
    [JsonPropertyOrder(-1)]
    public string Object => "list";
}

/// <summary>One vector: <see cref="Embedding"/> is an array of floats, or a base64 string of little-endian float32s.</summary>
public sealed record EmbeddingItem(int Index, object Embedding)
{
    [JsonPropertyOrder(-1)]
    public string Object => "embedding";
}

/// <summary>Tokens read; embeddings generate none.</summary>
public sealed record EmbeddingUsage(int PromptTokens, int TotalTokens);
