namespace ModelScale.ChatHost.Sessions;

/// <summary>A conversation file could not be read or written; the message is one sentence for the user.</summary>
public sealed class ConversationException : Exception
{
    public ConversationException(string message)
        : base(message)
    {
    }

    public ConversationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ConversationException()
    {
    }
}
