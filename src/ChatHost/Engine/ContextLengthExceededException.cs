using ModelScale.Profiles.Errors;

namespace ModelScale.ChatHost.Engine;

/// <summary>The latest prompt alone does not fit the context, even with every older turn left out.</summary>
public sealed class ContextLengthExceededException : ModelScaleException
{
    private const string ErrorCode = "context_length_exceeded";
    private const string About = "messages";

    public ContextLengthExceededException(int promptTokens, int contextLength)
        : base(ErrorKind.BadInput, $"The prompt needs {promptTokens} tokens but the context holds {contextLength}; shorten the message or use a longer context.", innerException: null, ErrorCode, About)
    {
        PromptTokens = promptTokens;
        ContextLength = contextLength;
    }

    public ContextLengthExceededException()
        : base(ErrorKind.BadInput, "The prompt does not fit the context; shorten the message or use a longer context.", innerException: null, ErrorCode, About)
    {
    }

    public ContextLengthExceededException(string message)
        : base(ErrorKind.BadInput, message, innerException: null, ErrorCode, About)
    {
    }

    public ContextLengthExceededException(string message, Exception innerException)
        : base(ErrorKind.BadInput, message, innerException, ErrorCode, About)
    {
    }

    public int PromptTokens { get; }

    public int ContextLength { get; }
}
