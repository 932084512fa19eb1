using ModelScale.Profiles.Errors;

namespace ModelScale.ChatHost.Sessions.Store;

/// <summary>The session database cannot be used where it was asked to be (a file as the folder, a corrupt database); one sentence.</summary>
public sealed class SessionStoreException : ModelScaleException
{
    public SessionStoreException(string message)
        : base(ErrorKind.Unusable, message)
    {
    }

    public SessionStoreException(string message, Exception innerException)
        : base(ErrorKind.Unusable, message, innerException)
    {
    }

    public SessionStoreException()
        : base(ErrorKind.Unusable, "The session database cannot be used.")
    {
    }
}
