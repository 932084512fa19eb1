namespace ModelScale.ChatHost.Commands;

/// <summary>Process exit codes.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>A bad input: an unknown profile, a missing or invalid file, a malformed catalog.</summary>
    public const int UserError = 1;

    /// <summary>A bug or an environment failure; the stack trace is shown with --verbose.</summary>
    public const int Unexpected = 70;

    /// <summary>Stopped by Ctrl+C.</summary>
    public const int Interrupted = 130;
}
