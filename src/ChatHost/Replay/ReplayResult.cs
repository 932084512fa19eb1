using ModelScale.ChatHost.Sessions;

namespace ModelScale.ChatHost.Replay;

/// <summary>A whole replay: the conversation and settings it played, and each profile's result in order.</summary>
public sealed record ReplayResult
{
    /// <summary>Where the conversation came from (a file name, or "chat").</summary>
    public required string Source { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>From the start of the first profile to the end of the last.</summary>
    public required TimeSpan WallTime { get; init; }

    public string? SystemPrompt { get; init; }

    /// <summary>The turns played: the user text, and the reference and expected keywords when given.</summary>
    public required IReadOnlyList<ConversationTurn> Turns { get; init; }

    public required SamplingSettings Sampling { get; init; }

    public required bool TeacherForcing { get; init; }

    /// <summary>True when Ctrl+C stopped the replay; the profiles after the one playing then were not run.</summary>
    public bool Interrupted { get; init; }

    /// <summary>Generation threads the engine used, when known.</summary>
    public int? Threads { get; init; }

    public required IReadOnlyList<ProfileResult> Profiles { get; init; }

    /// <summary>The highest load average during the run against the cores; null where the system does not say.</summary>
    public MachineLoad? Load { get; init; }

    /// <summary>The memory bandwidth the predictions rest on; null when `bench` never measured it.</summary>
    public Bench.MemoryBandwidth? Bandwidth { get; init; }

    /// <summary>Measured passes per tier, after a warm-up that is not measured when <see cref="WarmUp"/>.</summary>
    public int Repeat { get; init; } = 1;

    public bool WarmUp { get; init; }

    /// <summary>The profile that judged the answers; null when none did.</summary>
    public string? Judge { get; init; }

    /// <summary>Which tier is enough, from the judge's scores; null without a judge.</summary>
    public Quality.TierVerdict? Verdict { get; init; }
}
