namespace ModelScale.ChatHost.Replay;

/// <summary>How a profile's part of a replay ended.</summary>
public enum ReplayStatus
{
    /// <summary>Every turn was played.</summary>
    Completed,

    /// <summary>Not played: not on disk, not a runnable model, or its plan does not fit.</summary>
    Skipped,

    /// <summary>Started, but loading or an answer failed; the turns before the failure are kept.</summary>
    Failed,

    /// <summary>Stopped by Ctrl+C; the turns that finished are kept.</summary>
    Interrupted,
}
