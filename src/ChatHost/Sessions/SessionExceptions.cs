using ModelScale.Profiles.Errors;

namespace ModelScale.ChatHost.Sessions;

/// <summary>No session has the id.</summary>
public sealed class SessionNotFoundException : ModelScaleException
{
    private const string ErrorCode = "session_not_found";

    public SessionNotFoundException(string id)
        : base(ErrorKind.NotFound, $"No session has the id '{id}'.", innerException: null, ErrorCode, "id")
    {
    }

    public SessionNotFoundException()
        : base(ErrorKind.NotFound, "No session has the id.", innerException: null, ErrorCode, "id")
    {
    }

    public SessionNotFoundException(string message, Exception innerException)
        : base(ErrorKind.NotFound, message, innerException, ErrorCode, "id")
    {
    }
}

/// <summary>The session is answering another message; one message at a time per session.</summary>
public sealed class SessionBusyException : ModelScaleException
{
    private const string ErrorCode = "session_busy";

    public SessionBusyException(string id)
        : base(ErrorKind.Conflict, $"Session '{id}' is still answering its last message; wait for it or cancel it first.", innerException: null, ErrorCode)
    {
    }

    public SessionBusyException()
        : base(ErrorKind.Conflict, "The session is still answering its last message; wait for it or cancel it first.", innerException: null, ErrorCode)
    {
    }

    public SessionBusyException(string message, Exception innerException)
        : base(ErrorKind.Conflict, message, innerException, ErrorCode)
    {
    }
}

/// <summary>The session was deleted while it was answering; the answer was dropped with it.</summary>
public sealed class SessionDeletedException : ModelScaleException
{
    private const string ErrorCode = "session_deleted";

    public SessionDeletedException(string id)
        : base(ErrorKind.Gone, $"Session '{id}' was deleted while it was answering; the answer was dropped.", innerException: null, ErrorCode, "id")
    {
    }

    public SessionDeletedException()
        : base(ErrorKind.Gone, "The session was deleted while it was answering; the answer was dropped.", innerException: null, ErrorCode, "id")
    {
    }

    public SessionDeletedException(string message, Exception innerException)
        : base(ErrorKind.Gone, message, innerException, ErrorCode, "id")
    {
    }
}
