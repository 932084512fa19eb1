using ModelScale.Profiles.Errors;

namespace ModelScale.ChatHost.Engine;

/// <summary>A model already has as many requests waiting as its queue holds; the caller should try again later.</summary>
public sealed class ModelBusyException : ModelScaleException
{
    private const string ErrorCode = "model_busy";

    public ModelBusyException(string profileId, int queueLength)
        : base(ErrorKind.Busy, $"The model '{profileId}' is busy: {queueLength} requests are already waiting for it; try again shortly.", innerException: null, ErrorCode)
    {
        ProfileId = profileId;
    }

    public ModelBusyException()
        : base(ErrorKind.Busy, "The model is busy; try again shortly.", innerException: null, ErrorCode)
    {
    }

    public ModelBusyException(string message)
        : base(ErrorKind.Busy, message, innerException: null, ErrorCode)
    {
    }

    public ModelBusyException(string message, Exception innerException)
        : base(ErrorKind.Busy, message, innerException, ErrorCode)
    {
    }

    public string? ProfileId { get; }
}
