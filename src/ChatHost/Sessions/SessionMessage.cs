using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine;

namespace ModelScale.ChatHost.Sessions;

/// <summary>One turn of a conversation. An assistant message records which profile answered and what it cost.</summary>
public sealed record SessionMessage(ChatRole Role, string Text, string? ProfileId = null, AnswerStats? Stats = null, bool Incomplete = false);
