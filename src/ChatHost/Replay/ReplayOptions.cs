using ModelScale.ChatHost.Sessions;

namespace ModelScale.ChatHost.Replay;

/// <summary>What to replay a conversation on, and how.</summary>
public sealed record ReplayOptions
{
    /// <summary>Profile ids or GGUF paths, in the order they are played; each is played once.</summary>
    public required IReadOnlyList<string> Profiles { get; init; }

    /// <summary>Sampling for every answer (temperature 0 is greedy and deterministic).</summary>
    public SamplingSettings Sampling { get; init; } = new();

    /// <summary>
    /// Feed the conversation's reference answers as the earlier turns, instead of each model's own answers, so every
    /// tier answers the same prompt at every turn.
    /// </summary>
    public bool TeacherForcing { get; init; }

    /// <summary>Where the conversation came from, for the report (a file name, or "chat").</summary>
    public string Source { get; init; } = "conversation";

    /// <summary>Measured passes over the whole conversation per tier; the speeds are their median and range.</summary>
    public int Repeat { get; init; } = 1;

    /// <summary>Whether each tier answers a short warm-up prompt, not measured, before each measured pass.</summary>
    public bool WarmUp { get; init; } = true;

    /// <summary>How often the process's memory is sampled while a profile plays.</summary>
    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromMilliseconds(100);
}
