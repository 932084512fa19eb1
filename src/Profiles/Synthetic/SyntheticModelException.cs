namespace ModelScale.Profiles.Synthetic;

/// <summary>
/// A synthetic model cannot be written as asked (a tokenizer that does not fit the shape, weights of a type that
/// cannot be made up). <see cref="Exception.Message"/> is one sentence meant for the user.
/// </summary>
public sealed class SyntheticModelException : Exception
{
    public SyntheticModelException()
    {
    }

    public SyntheticModelException(string message)
        : base(message)
    {
    }

    public SyntheticModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
