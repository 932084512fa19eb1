namespace ModelScale.ChatHost.Bench;

/// <summary>A benchmark that cannot run as asked (no tokenizer for the synthetic model, a context too small, ...): one sentence for the user.</summary>
public sealed class BenchException : Exception
{
    public BenchException()
    {
    }

    public BenchException(string message)
        : base(message)
    {
    }

    public BenchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
