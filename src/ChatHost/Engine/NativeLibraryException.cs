namespace ModelScale.ChatHost.Engine;

/// <summary>The llama.cpp libraries named by <see cref="NativeLibraryFolder.Variable"/> cannot be used.</summary>
public sealed class NativeLibraryException : Exception
{
    public NativeLibraryException()
    {
    }

    public NativeLibraryException(string message)
        : base(message)
    {
    }

    public NativeLibraryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
