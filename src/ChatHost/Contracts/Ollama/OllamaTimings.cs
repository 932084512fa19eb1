namespace ModelScale.ChatHost.Contracts.Ollama;

/// <summary>What the last line of an answer says about it: why it ended, token counts and durations in nanoseconds.</summary>
public abstract record OllamaTimings
{
    /// <summary>stop, length, load or unload.</summary>
    public string? DoneReason { get; init; }

    public long? TotalDuration { get; init; }

    public long? LoadDuration { get; init; }

    public int? PromptEvalCount { get; init; }

    public long? PromptEvalDuration { get; init; }

    public int? EvalCount { get; init; }

    public long? EvalDuration { get; init; }
}
