using ModelScale.Profiles.Errors;

namespace ModelScale.ChatHost.Sessions;

/// <summary>A conversation file could not be read or written; the message is one sentence for the user.</summary>
public sealed class ConversationException : ModelScaleException
{
    public ConversationException(string message)
        : base(ErrorKind.BadInput, message, innerException: null, target: "conversation")
    {
    }

    public ConversationException(string message, Exception innerException)
        : base(ErrorKind.BadInput, message, innerException, target: "conversation")
    {
    }

    public ConversationException()
        : base(ErrorKind.BadInput, "The conversation file could not be read or written.", innerException: null, target: "conversation")
    {
    }
}
