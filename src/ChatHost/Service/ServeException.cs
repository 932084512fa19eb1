using ModelScale.Profiles.Errors;

namespace ModelScale.ChatHost.Service;

/// <summary>The service cannot start as asked (a port in use, an address it must not bind); one sentence for the user.</summary>
public sealed class ServeException : ModelScaleException
{
    public ServeException(string message)
        : base(ErrorKind.BadInput, message)
    {
    }

    public ServeException(string message, Exception innerException)
        : base(ErrorKind.BadInput, message, innerException)
    {
    }

    /// <summary>A service that cannot start for a reason other than how it was asked, such as a port already in use.</summary>
    public ServeException(ErrorKind kind, string message, Exception? innerException = null)
        : base(kind, message, innerException)
    {
    }

    public ServeException()
        : base(ErrorKind.BadInput, "The service cannot start as asked.")
    {
    }
}
