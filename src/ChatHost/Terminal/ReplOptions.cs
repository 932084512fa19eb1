namespace ModelScale.ChatHost.Terminal;

/// <summary>How the REPL starts.</summary>
public sealed record ReplOptions
{
    /// <summary>The profile id or GGUF path to load first; null picks the first profile that is on disk.</summary>
    public string? Profile { get; init; }

    public string? SystemPrompt { get; init; }

    public ModelScale.ChatHost.Sessions.SamplingSettings Sampling { get; init; } = new();

    /// <summary>Show stack traces with errors.</summary>
    public bool Verbose { get; init; }
}
