using Microsoft.Extensions.AI;

namespace ModelScale.ChatHost.Sessions;

/// <summary>Between a session's history and the conversation-file form: one user turn with the answer that followed it.</summary>
public static class ConversationHistory
{
    /// <summary>The turns of a history: each user message with the assistant message right after it, if any.</summary>
    public static List<ConversationTurn> ToTurns(IReadOnlyList<SessionMessage> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var turns = new List<ConversationTurn>();
        for (var i = 0; i < history.Count; i++)
        {
            if (history[i].Role != ChatRole.User)
            {
                continue;
            }

            var reply = i + 1 < history.Count && history[i + 1].Role == ChatRole.Assistant ? history[i + 1] : null;
            turns.Add(new ConversationTurn
            {
                User = history[i].Text,
                Reference = reply?.Text,
                AnsweredBy = reply?.ProfileId,
                Incomplete = reply is { Incomplete: true } ? true : null,
            });
        }

        return turns;
    }

    /// <summary>The history a conversation describes: each turn's user message, then its reference answer when it has one.</summary>
    public static List<SessionMessage> ToMessages(Conversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var messages = new List<SessionMessage>();
        foreach (var turn in conversation.Turns)
        {
            messages.Add(new SessionMessage(ChatRole.User, turn.User));
            if (turn.Reference is not null)
            {
                messages.Add(new SessionMessage(ChatRole.Assistant, turn.Reference, turn.AnsweredBy, Incomplete: turn.Incomplete == true));
            }
        }

        return messages;
    }

    /// <summary>The file's sampling over the session's: what the file leaves out stays as it was.</summary>
    public static SamplingSettings Overlay(SamplingSettings current, ConversationSampling? file)
    {
        ArgumentNullException.ThrowIfNull(current);
        return file is null
            ? current
            : new SamplingSettings(file.Temperature ?? current.Temperature, file.Seed ?? current.Seed, file.MaxTokens ?? current.MaxTokens);
    }

    /// <summary>The session's sampling in the file's form.</summary>
    public static ConversationSampling ToFile(SamplingSettings sampling)
    {
        ArgumentNullException.ThrowIfNull(sampling);
        return new ConversationSampling { Seed = sampling.Seed, Temperature = sampling.Temperature, MaxTokens = sampling.MaxTokens };
    }
}
