namespace ModelScale.ChatHost.Sessions.Store;

/// <summary>The session database cannot be used where it was asked to be (a file as the folder, a corrupt database); one sentence.</summary>
public sealed class SessionStoreException : Exception
{
    public SessionStoreException(string message)
        : base(message)
    {
    }

    public SessionStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SessionStoreException()
    {
    }
}
