using ModelScale.ChatHost.Engine;

namespace ModelScale.ChatHost.Sessions;

/// <summary>What a session streams while it answers: text, a notice for the user, or, last, the answer's stats.</summary>
public sealed record ChatUpdate(string? Text = null, string? Notice = null, AnswerStats? Stats = null);
