namespace ModelScale.ChatHost.Service;

/// <summary>The service cannot start as asked (a port in use, an address it must not bind); one sentence for the user.</summary>
public sealed class ServeException : Exception
{
    public ServeException(string message)
        : base(message)
    {
    }

    public ServeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ServeException()
    {
    }
}
