using ModelScale.Profiles.Errors;

namespace ModelScale.ChatHost.Bench;

/// <summary>A benchmark that cannot run as asked (no tokenizer for the synthetic model, a context too small, ...): one sentence for the user.</summary>
public sealed class BenchException : ModelScaleException
{
    public BenchException()
        : base(ErrorKind.BadInput, "The benchmark cannot run as asked.")
    {
    }

    public BenchException(string message)
        : base(ErrorKind.BadInput, message)
    {
    }

    public BenchException(string message, Exception innerException)
        : base(ErrorKind.BadInput, message, innerException)
    {
    }
}
