using ModelScale.Profiles.Errors;

namespace ModelScale.Profiles.Store;

/// <summary>
/// A pull that cannot go on: an HTTP error, a full disk, a checksum mismatch, a broken connection. <see cref="Exception.Message"/>
/// is one sentence meant for the user, and says what happened to the partial file when that matters.
/// </summary>
public sealed class PullException : ModelScaleException
{
    public PullException()
        : base(ErrorKind.Unavailable, "The pull cannot go on.")
    {
    }

    public PullException(string message)
        : base(ErrorKind.Unavailable, message)
    {
    }

    public PullException(string message, Exception innerException)
        : base(ErrorKind.Unavailable, message, innerException)
    {
    }
}
