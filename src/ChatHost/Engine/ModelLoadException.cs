using ModelScale.Profiles.Errors;

namespace ModelScale.ChatHost.Engine;

/// <summary>A model could not be loaded. The message is one sentence meant for the user.</summary>
public sealed class ModelLoadException : ModelScaleException
{
    public ModelLoadException(string message)
        : base(ErrorKind.Unusable, message, innerException: null, code: "model_load_failed", target: "model")
    {
    }

    public ModelLoadException(string message, Exception innerException)
        : base(ErrorKind.Unusable, message, innerException, code: "model_load_failed", target: "model")
    {
    }

    public ModelLoadException()
        : base(ErrorKind.Unusable, "The model could not be loaded.", innerException: null, code: "model_load_failed", target: "model")
    {
    }
}
