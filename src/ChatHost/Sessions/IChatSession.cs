using ModelScale.ChatHost.Engine;
using ModelScale.Profiles.Catalog;

namespace ModelScale.ChatHost.Sessions;

/// <summary>
/// A conversation with an active profile. The terminal (and later the HTTP API) speaks only to this; switching
/// the profile keeps the history, which the next answer sees rendered with the new model's template.
/// </summary>
public interface IChatSession : IAsyncDisposable
{
    /// <summary>The active profile, or null before the first switch.</summary>
    ModelProfile? Profile { get; }

    string? SystemPrompt { get; }

    /// <summary>User and assistant turns, oldest first (the system prompt is kept apart).</summary>
    IReadOnlyList<SessionMessage> History { get; }

    SamplingSettings Sampling { get; set; }

    /// <summary>The stats of the last finished or interrupted answer.</summary>
    AnswerStats? LastStats { get; }

    IReadOnlyList<ProfileListing> ListProfiles();

    /// <summary>Makes a profile (id or GGUF path) active. On failure the session keeps its old profile and history.</summary>
    Task<ProfileSwitch> SwitchToAsync(string idOrPath, CancellationToken cancellationToken = default);

    /// <summary>Adds a user turn and streams the answer. Cancelling keeps the partial answer, marked incomplete.</summary>
    IAsyncEnumerable<ChatUpdate> SendAsync(string text, CancellationToken cancellationToken = default);

    void SetSystemPrompt(string? text);

    /// <summary>Forgets the turns; the system prompt and the profile stay.</summary>
    void Reset();

    Conversation Export();

    /// <summary>Replaces the history (and system prompt and sampling, when given) with a saved conversation.</summary>
    void Import(Conversation conversation);
}
