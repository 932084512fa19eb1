namespace ModelScale.ChatHost.Engine;

/// <summary>A model already has as many requests waiting as its queue holds; the caller should try again later.</summary>
public sealed class ModelBusyException : Exception
{
    public ModelBusyException(string profileId, int queueLength)
        : base($"The model '{profileId}' is busy: {queueLength} requests are already waiting for it; try again shortly.")
    {
        ProfileId = profileId;
    }

    public ModelBusyException()
    {
    }

    public ModelBusyException(string message)
        : base(message)
    {
    }

    public ModelBusyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public string? ProfileId { get; }
}
