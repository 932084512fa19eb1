using System.Text.Json;

namespace ModelScale.ChatHost.Contracts;

/// <summary>The body of POST /v1/chat/completions: the fields this server reads (others are ignored).</summary>
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
}
