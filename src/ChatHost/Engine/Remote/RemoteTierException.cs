using ModelScale.Profiles.Errors;

namespace ModelScale.ChatHost.Engine.Remote;

/// <summary>A remote tier could not answer: unreachable, a refused key, an unknown model, rate limited or too slow.</summary>
public sealed class RemoteTierException : ModelScaleException
{
    public RemoteTierException(string message)
        : base(ErrorKind.Unavailable, message, innerException: null, code: "remote_tier_failed", target: "model")
    {
    }

    public RemoteTierException(string message, Exception innerException)
        : base(ErrorKind.Unavailable, message, innerException, code: "remote_tier_failed", target: "model")
    {
    }

    public RemoteTierException()
        : base(ErrorKind.Unavailable, "The remote tier could not answer.", innerException: null, code: "remote_tier_failed", target: "model")
    {
    }
}
