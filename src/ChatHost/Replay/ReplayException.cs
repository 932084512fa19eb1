namespace ModelScale.ChatHost.Replay;

/// <summary>A replay could not do what it was asked (say, write its report); the message is one sentence for the user.</summary>
public sealed class ReplayException : Exception
{
    public ReplayException(string message)
        : base(message)
    {
    }

    public ReplayException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ReplayException()
    {
    }
}
