using ModelScale.Profiles.Errors;

namespace ModelScale.ChatHost.Commands;

/// <summary>Process exit codes, and the one place that says which a kind of failure ends with.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>A bad input: an unknown profile, a missing or invalid file, a malformed catalog.</summary>
    public const int UserError = 1;

    /// <summary>A bug or an environment failure; the stack trace is shown with --verbose.</summary>
    public const int Unexpected = 70;

    /// <summary>Stopped by Ctrl+C.</summary>
    public const int Interrupted = 130;

    /// <summary>
    /// The exit code of an expected failure. Every kind is something the user can act on (fix the input, free the
    /// port, try again, download the model), so every kind is <see cref="UserError"/>, as it always was; a bug, which is
    /// not a <see cref="ModelScaleException"/>, is <see cref="Unexpected"/>.
    /// </summary>
    public static int For(ErrorKind kind) => kind switch
    {
        ErrorKind.BadInput or ErrorKind.NotFound or ErrorKind.Conflict or ErrorKind.Gone or ErrorKind.TooLarge
            or ErrorKind.Busy or ErrorKind.Unavailable or ErrorKind.Unusable => UserError,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown error kind."),
    };
}
