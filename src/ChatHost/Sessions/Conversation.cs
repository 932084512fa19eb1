using System.Text.Json.Serialization;

namespace ModelScale.ChatHost.Sessions;

/// <summary>
/// A saved conversation (chat's /save and /load; replay plays the same format). Version 1:
/// an optional system prompt, the user turns with the answer given (the reference) and optional expected
/// keywords, and the sampling settings. The schema ships as schemas/conversation.schema.json.
/// </summary>
public sealed record Conversation
{
    public const int CurrentVersion = 1;

    [JsonPropertyName("$schema")]
    public string? Schema { get; init; }

    public int Version { get; init; } = CurrentVersion;

    public string? System { get; init; }

    /// <summary>The profile that was active when the conversation was saved.</summary>
    public string? Profile { get; init; }

    public ConversationSampling? Sampling { get; init; }

    /// <summary>Required in a file: a conversation without "turns" (say, <c>{}</c>) is refused rather than read as empty.</summary>
    [JsonRequired]
    public IReadOnlyList<ConversationTurn> Turns { get; init; } = [];
}

/// <summary>One user turn and, optionally, the answer it got and the keywords a good answer contains.</summary>
public sealed record ConversationTurn
{
    public string User { get; init; } = string.Empty;

    /// <summary>The answer given in the saved chat, or a reference answer written by hand.</summary>
    public string? Reference { get; init; }

    /// <summary>The profile that produced <see cref="Reference"/>, when it came from a model.</summary>
    public string? AnsweredBy { get; init; }

    /// <summary>True when the answer was interrupted before it finished.</summary>
    public bool? Incomplete { get; init; }

    public IReadOnlyList<string>? Expect { get; init; }
}

public sealed record ConversationSampling
{
    public long? Seed { get; init; }

    public float? Temperature { get; init; }

    public int? MaxTokens { get; init; }
}
