using ModelScale.Profiles.Errors;

namespace ModelScale.Profiles.Synthetic;

/// <summary>
/// A synthetic model cannot be written as asked (a tokenizer that does not fit the shape, weights of a type that
/// cannot be made up). <see cref="Exception.Message"/> is one sentence meant for the user.
/// </summary>
public sealed class SyntheticModelException : ModelScaleException
{
    public SyntheticModelException()
        : base(ErrorKind.BadInput, "The synthetic model cannot be written as asked.")
    {
    }

    public SyntheticModelException(string message)
        : base(ErrorKind.BadInput, message)
    {
    }

    public SyntheticModelException(string message, Exception innerException)
        : base(ErrorKind.BadInput, message, innerException)
    {
    }
}
