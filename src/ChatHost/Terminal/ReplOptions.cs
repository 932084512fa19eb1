namespace ModelScale.ChatHost.Terminal;

/// <summary>How the REPL starts.</summary>
public sealed record ReplOptions
{
    /// <summary>The profile id or GGUF path to load first; null picks the first profile that is on disk.</summary>
    public string? Profile { get; init; }

    public string? SystemPrompt { get; init; }

    public ModelScale.ChatHost.Sessions.SamplingSettings Sampling { get; init; } = new();

    /// <summary>A session of the service to continue (chat --connect --session ID): its history, profile and settings.</summary>
    public string? ResumeSession { get; init; }

    /// <summary>Whether <see cref="Sampling"/> was given on the command line; a resumed session otherwise keeps its own.</summary>
    public bool SamplingGiven { get; init; } = true;

    /// <summary>A line the chat prints first: why it starts on this profile (the tier a first chat downloaded).</summary>
    public string? StartNote { get; init; }

    /// <summary>Show stack traces with errors.</summary>
    public bool Verbose { get; init; }
}
