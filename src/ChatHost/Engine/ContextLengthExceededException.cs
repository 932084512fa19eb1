namespace ModelScale.ChatHost.Engine;

/// <summary>The latest prompt alone does not fit the context, even with every older turn left out.</summary>
public sealed class ContextLengthExceededException : Exception
{
    public ContextLengthExceededException(int promptTokens, int contextLength)
        : base($"The prompt needs {promptTokens} tokens but the context holds {contextLength}; shorten the message or use a longer context.")
    {
        PromptTokens = promptTokens;
        ContextLength = contextLength;
    }

    public ContextLengthExceededException()
    {
    }

    public ContextLengthExceededException(string message)
        : base(message)
    {
    }

    public ContextLengthExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int PromptTokens { get; }

    public int ContextLength { get; }
}
