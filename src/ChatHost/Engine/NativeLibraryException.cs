using ModelScale.Profiles.Errors;

namespace ModelScale.ChatHost.Engine;

/// <summary>The llama.cpp libraries named by <see cref="NativeLibraryFolder.Variable"/> cannot be used.</summary>
public sealed class NativeLibraryException : ModelScaleException
{
    public NativeLibraryException()
        : base(ErrorKind.Unusable, "The llama.cpp libraries cannot be used.", innerException: null, code: "model_load_failed", target: "model")
    {
    }

    public NativeLibraryException(string message)
        : base(ErrorKind.Unusable, message, innerException: null, code: "model_load_failed", target: "model")
    {
    }

    public NativeLibraryException(string message, Exception innerException)
        : base(ErrorKind.Unusable, message, innerException, code: "model_load_failed", target: "model")
    {
    }
}
