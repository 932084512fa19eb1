namespace ModelScale.Profiles.Errors;

/// <summary>
/// An expected failure, not a bug: its <see cref="Exception.Message"/> is one sentence meant for the user, and its
/// <see cref="Kind"/> says what kind of failure it is, which is all a front end needs to answer it (an exit code, an
/// HTTP status). Every ModelScale exception derives from it; throw it directly, with a kind, where no caller needs to
/// catch a narrower type.
/// </summary>
public class ModelScaleException : Exception
{
    public ModelScaleException()
        : this(ErrorKind.BadInput, "The request cannot be carried out.")
    {
    }

    public ModelScaleException(string message)
        : this(ErrorKind.BadInput, message)
    {
    }

    public ModelScaleException(string message, Exception innerException)
        : this(ErrorKind.BadInput, message, innerException)
    {
    }

    /// <param name="kind">What kind of failure it is.</param>
    /// <param name="message">One sentence for the user.</param>
    /// <param name="innerException">The failure underneath, when there is one.</param>
    /// <param name="code">A short machine-readable reason, such as <c>model_not_found</c>; null when the kind says enough.</param>
    /// <param name="target">The input the failure is about, such as <c>model</c> or <c>messages</c>; null when none.</param>
    public ModelScaleException(ErrorKind kind, string message, Exception? innerException = null, string? code = null, string? target = null)
        : base(message, innerException)
    {
        Kind = kind;
        Code = code;
        Target = target;
    }

    public ErrorKind Kind { get; }

    /// <summary>A short machine-readable reason, such as <c>model_not_found</c> (the HTTP API's error code); null when the kind says enough.</summary>
    public string? Code { get; }

    /// <summary>The input the failure is about, such as <c>model</c> or <c>messages</c> (the HTTP API's error param); null when none.</summary>
    public string? Target { get; }
}
