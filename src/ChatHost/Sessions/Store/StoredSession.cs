using ModelScale.ChatHost.Engine;

namespace ModelScale.ChatHost.Sessions.Store;

/// <summary>A session as the database holds it, without its messages.</summary>
public sealed record StoredSession(
    string Id,
    string? Title,
    string? Profile,
    string? SystemPrompt,
    StoredSampling Sampling,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int MessageCount);

/// <summary>One stored message. An assistant message names the profile that answered, its stats and its finish reason.</summary>
public sealed record StoredMessage(
    long Id,
    string Role,
    string Content,
    string? Profile,
    AnswerStats? Stats,
    bool Incomplete,
    DateTimeOffset CreatedAt)
{
    public string? FinishReason => Stats?.FinishReason;
}

/// <summary>A message to store (the database gives it its id and time).</summary>
public sealed record NewStoredMessage(string Role, string Content, string? Profile, AnswerStats? Stats, bool Incomplete);

/// <summary>A session's sampling as the database holds it.</summary>
public sealed record StoredSampling(float Temperature, long Seed, int? MaxTokens);

/// <summary>A profile switch in a session.</summary>
public sealed record StoredSwitch(string? From, string To, double LoadMilliseconds, DateTimeOffset At);
