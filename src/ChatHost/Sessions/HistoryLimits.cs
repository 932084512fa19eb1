namespace ModelScale.ChatHost.Sessions;

/// <summary>
/// How much history one request or one file may hold. The caps keep a small request from holding a model for minutes:
/// every message is rendered and tokenized before an answer starts, and a context holds a few thousand tokens at most,
/// so a longer history only costs time and is trimmed away anyway. README "Security" documents them.
/// </summary>
public static class HistoryLimits
{
    /// <summary>The most turns a conversation (a file for /load or replay, PUT /api/sessions/{id}/conversation, POST /api/replay) holds.</summary>
    public const int MaxTurns = 1000;

    /// <summary>The most messages one chat completion request holds (a turn is a user message and its answer).</summary>
    public const int MaxMessages = 2 * MaxTurns;

    /// <summary>The largest temperature a conversation or request may ask for.</summary>
    public const float MaxTemperature = 2f;
}
