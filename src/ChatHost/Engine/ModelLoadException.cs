namespace ModelScale.ChatHost.Engine;

/// <summary>A model could not be loaded. The message is one sentence meant for the user.</summary>
public sealed class ModelLoadException : Exception
{
    public ModelLoadException(string message)
        : base(message)
    {
    }

    public ModelLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ModelLoadException()
    {
    }
}
