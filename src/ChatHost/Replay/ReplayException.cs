using ModelScale.Profiles.Errors;

namespace ModelScale.ChatHost.Replay;

/// <summary>A replay could not do what it was asked (say, write its report); the message is one sentence for the user.</summary>
public sealed class ReplayException : ModelScaleException
{
    public ReplayException(string message)
        : base(ErrorKind.BadInput, message)
    {
    }

    public ReplayException(string message, Exception innerException)
        : base(ErrorKind.BadInput, message, innerException)
    {
    }

    /// <summary>A replay that could not do its part for another reason than its input, such as a report folder that cannot be written.</summary>
    public ReplayException(ErrorKind kind, string message, Exception? innerException = null)
        : base(kind, message, innerException)
    {
    }

    public ReplayException()
        : base(ErrorKind.BadInput, "The replay could not be carried out.")
    {
    }
}
