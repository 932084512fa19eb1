namespace ModelScale.Profiles.Store;

/// <summary>
/// A pull that cannot go on: an HTTP error, a full disk, a checksum mismatch, a broken connection. <see cref="Exception.Message"/>
/// is one sentence meant for the user, and says what happened to the partial file when that matters.
/// </summary>
public sealed class PullException : Exception
{
    public PullException()
    {
    }

    public PullException(string message)
        : base(message)
    {
    }

    public PullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
