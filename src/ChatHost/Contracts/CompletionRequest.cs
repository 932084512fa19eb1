using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelScale.ChatHost.Contracts;

/// <summary>
/// The body of POST /v1/completions (OpenAI's legacy completions): a raw-text prompt, no chat template. Any field not
/// below lands in <see cref="Unread"/> and is refused by name (user is let through).
/// </summary>
public sealed record CompletionRequest
{
    public string? Model { get; init; }

    /// <summary>A string or an array of strings (token arrays are refused).</summary>
    public JsonElement? Prompt { get; init; }

    public int? MaxTokens { get; init; }

    public float? Temperature { get; init; }

    public long? Seed { get; init; }

    public float? TopP { get; init; }

    /// <summary>llama.cpp's top_k.</summary>
    public int? TopK { get; init; }

    /// <summary>llama.cpp's min_p.</summary>
    public float? MinP { get; init; }

    public float? FrequencyPenalty { get; init; }

    public float? PresencePenalty { get; init; }

    /// <summary>llama.cpp's repeat_penalty.</summary>
    public float? RepeatPenalty { get; init; }

    public JsonElement? LogitBias { get; init; }

    /// <summary>A string or an array of up to 4.</summary>
    public JsonElement? Stop { get; init; }

    public int? N { get; init; }

    public bool? Stream { get; init; }

    public StreamOptions? StreamOptions { get; init; }

    /// <summary>How many alternatives each token lists with its log probability (null: no logprobs).</summary>
    public int? Logprobs { get; init; }

    /// <summary>The prompt is written back before the completion.</summary>
    public bool? Echo { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unread { get; init; }
}
