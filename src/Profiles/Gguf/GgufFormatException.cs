using ModelScale.Profiles.Errors;

namespace ModelScale.Profiles.Gguf;

/// <summary>
/// A GGUF file could not be read or cannot be used. <see cref="Exception.Message"/> is one sentence, meant for the
/// user, that names the file and says what is wrong.
/// </summary>
public sealed class GgufFormatException : ModelScaleException
{
    public GgufFormatException()
        : base(ErrorKind.Unusable, "The GGUF file could not be read.", innerException: null, code: "model_load_failed", target: "model")
    {
    }

    public GgufFormatException(string message)
        : base(ErrorKind.Unusable, message, innerException: null, code: "model_load_failed", target: "model")
    {
    }

    public GgufFormatException(string message, Exception innerException)
        : base(ErrorKind.Unusable, message, innerException, code: "model_load_failed", target: "model")
    {
    }
}
