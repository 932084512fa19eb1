using ModelScale.ChatHost.Engine;
using ModelScale.Profiles.Catalog;

namespace ModelScale.ChatHost.Sessions;

/// <summary>
/// A conversation with an active profile. The terminal and the HTTP API speak only to this; switching the profile
/// keeps the history, which the next answer sees rendered with the new model's template. Every operation is
/// asynchronous, since a session may live in a service across HTTP; the properties show what this side holds.
/// </summary>
public interface IChatSession : IAsyncDisposable
{
    /// <summary>The active profile, or null before the first switch.</summary>
    ModelProfile? Profile { get; }

    string? SystemPrompt { get; }

    /// <summary>User and assistant turns, oldest first (the system prompt is kept apart).</summary>
    IReadOnlyList<SessionMessage> History { get; }

    SamplingSettings Sampling { get; }

    /// <summary>The stats of the last finished or interrupted answer.</summary>
    AnswerStats? LastStats { get; }

    /// <summary>
    /// Whether <see cref="ResumeAsync"/> can continue a stored session: true where the session lives in a service,
    /// which keeps its sessions; false in process.
    /// </summary>
    bool CanResume { get; }

    Task<IReadOnlyList<ProfileListing>> ListProfilesAsync(CancellationToken cancellationToken = default);

    /// <summary>Makes a profile (id or GGUF path) active. On failure the session keeps its old profile and history.</summary>
    Task<ProfileSwitch> SwitchToAsync(string idOrPath, CancellationToken cancellationToken = default);

    /// <summary>Adds a user turn and streams the answer. Cancelling keeps the partial answer, marked incomplete.</summary>
    IAsyncEnumerable<ChatUpdate> SendAsync(string text, CancellationToken cancellationToken = default);

    Task SetSamplingAsync(SamplingSettings sampling, CancellationToken cancellationToken = default);

    /// <summary>Sets the system prompt; null or blank clears it.</summary>
    Task SetSystemPromptAsync(string? text, CancellationToken cancellationToken = default);

    /// <summary>Forgets the turns; the system prompt and the profile stay.</summary>
    Task ResetAsync(CancellationToken cancellationToken = default);

    Task<Conversation> ExportAsync(CancellationToken cancellationToken = default);

    /// <summary>Replaces the history (and system prompt and sampling, when given) with a saved conversation.</summary>
    Task ImportAsync(Conversation conversation, CancellationToken cancellationToken = default);

    /// <summary>
    /// Continues a stored session (only where <see cref="CanResume"/>): its history, system prompt and sampling
    /// replace this one's. Returns the profile it was on (null when it never had one), for the caller to switch to.
    /// </summary>
    /// <exception cref="Profiles.Errors.ModelScaleException">No such session, or the service cannot be reached.</exception>
    /// <exception cref="NotSupportedException">The session lives in this process (<see cref="CanResume"/> is false).</exception>
    Task<string?> ResumeAsync(string sessionId, CancellationToken cancellationToken = default);
}
