namespace ModelScale.Profiles.Gguf;

/// <summary>
/// A GGUF file could not be read or cannot be used. <see cref="Exception.Message"/> is one sentence, meant for the
/// user, that names the file and says what is wrong.
/// </summary>
public sealed class GgufFormatException : Exception
{
    public GgufFormatException()
    {
    }

    public GgufFormatException(string message)
        : base(message)
    {
    }

    public GgufFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
