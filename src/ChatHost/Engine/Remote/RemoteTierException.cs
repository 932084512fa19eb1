namespace ModelScale.ChatHost.Engine.Remote;

/// <summary>A remote tier could not answer: unreachable, a refused key, an unknown model, rate limited or too slow.</summary>
public sealed class RemoteTierException : Exception
{
    public RemoteTierException(string message)
        : base(message)
    {
    }

    public RemoteTierException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RemoteTierException()
    {
    }
}
