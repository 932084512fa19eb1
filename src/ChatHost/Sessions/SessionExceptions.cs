namespace ModelScale.ChatHost.Sessions;

/// <summary>No session has the id.</summary>
public sealed class SessionNotFoundException : Exception
{
    public SessionNotFoundException(string id)
        : base($"No session has the id '{id}'.")
    {
    }

    public SessionNotFoundException()
    {
    }

    public SessionNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The session is answering another message; one message at a time per session.</summary>
public sealed class SessionBusyException : Exception
{
    public SessionBusyException(string id)
        : base($"Session '{id}' is still answering its last message; wait for it or cancel it first.")
    {
    }

    public SessionBusyException()
    {
    }

    public SessionBusyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The session was deleted while it was answering; the answer was dropped with it.</summary>
public sealed class SessionDeletedException : Exception
{
    public SessionDeletedException(string id)
        : base($"Session '{id}' was deleted while it was answering; the answer was dropped.")
    {
    }

    public SessionDeletedException()
    {
    }

    public SessionDeletedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
