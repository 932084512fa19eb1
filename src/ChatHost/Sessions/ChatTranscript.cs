using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine;

namespace ModelScale.ChatHost.Sessions;

/// <summary>
/// What every kind of session keeps the same way: the history, system prompt, sampling and the last answer's stats;
/// their conversation-file form (export, import); and how an answer gets into the history, an unfinished one too.
/// <see cref="LocalChatSession"/> and the service's client session both keep theirs in one of these.
/// </summary>
public sealed class ChatTranscript
{
    private readonly List<SessionMessage> _history = [];

    /// <summary>User and assistant turns, oldest first (the system prompt is kept apart).</summary>
    public IReadOnlyList<SessionMessage> History => _history;

    public string? SystemPrompt { get; private set; }

    public SamplingSettings Sampling { get; set; } = new();

    /// <summary>The stats of the last finished or interrupted answer.</summary>
    public AnswerStats? LastStats { get; private set; }

    /// <summary>Sets the system prompt; a blank one clears it.</summary>
    public void SetSystemPrompt(string? text) => SystemPrompt = string.IsNullOrWhiteSpace(text) ? null : text;

    /// <summary>Forgets the turns; the system prompt and sampling stay.</summary>
    public void Reset()
    {
        _history.Clear();
        LastStats = null;
    }

    public Conversation Export(string? profileId) => new()
    {
        System = SystemPrompt,
        Profile = profileId,
        Sampling = ConversationHistory.ToFile(Sampling),
        Turns = ConversationHistory.ToTurns(_history),
    };

    /// <summary>Replaces the history and system prompt with a saved conversation's; its sampling overlays the current one.</summary>
    public void Import(Conversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        _history.Clear();
        _history.AddRange(ConversationHistory.ToMessages(conversation));
        SetSystemPrompt(conversation.System);
        Sampling = ConversationHistory.Overlay(Sampling, conversation.Sampling);
        LastStats = null;
    }

    /// <summary>Puts back a stored conversation as it was, with each answer's profile, stats and completeness.</summary>
    public void Restore(IEnumerable<SessionMessage> history, string? systemPrompt, SamplingSettings sampling)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(sampling);
        _history.Clear();
        _history.AddRange(history);
        SystemPrompt = systemPrompt;
        Sampling = sampling;
        LastStats = _history.LastOrDefault(m => m.Stats is not null)?.Stats;
    }

    /// <summary>Adds the user's message and starts the answer to it, which the returned recorder puts in the history.</summary>
    public AnswerRecorder BeginAnswer(string userText, string? profileId)
    {
        _history.Add(new SessionMessage(ChatRole.User, userText));
        return new AnswerRecorder(this, profileId);
    }

    internal void Add(SessionMessage message) => _history.Add(message);

    internal void RemoveLast() => _history.RemoveAt(_history.Count - 1);

    internal void SetLastStats(AnswerStats? stats) => LastStats = stats;
}
