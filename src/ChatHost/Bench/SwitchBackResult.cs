namespace ModelScale.ChatHost.Bench;

/// <summary>
/// Switching back to a profile that is still resident: A answered, B answered, then A again. The switch should take
/// well under <see cref="TargetMilliseconds"/> and the next turn on A should find every token A had evaluated still in
/// its KV cache (no reload, no re-prefill).
/// </summary>
public sealed record SwitchBackResult
{
    public const double TargetMilliseconds = 50;

    public required string From { get; init; }

    public required string Via { get; init; }

    /// <summary>Loading A and B the first time (for scale).</summary>
    public required double FirstLoadMilliseconds { get; init; }

    /// <summary>Asking the profile loader for A again: median over the repeats.</summary>
    public required Distribution SwitchMilliseconds { get; init; }

    /// <summary>Whether A was still resident every time (no reload happened).</summary>
    public required bool WasResident { get; init; }

    /// <summary>Tokens in A's KV cache before switching away (first cycle).</summary>
    public required int CachedBeforeSwitch { get; init; }

    /// <summary>Tokens of the follow-up prompt on A (everything before plus new tokens).</summary>
    public required int FollowUpPromptTokens { get; init; }

    /// <summary>Follow-up prompt tokens A reused from its KV cache.</summary>
    public required int FollowUpCachedTokens { get; init; }

    /// <summary>Time to the follow-up's first token: only the new tokens are evaluated.</summary>
    public required double FollowUpTimeToFirstTokenMilliseconds { get; init; }

    /// <summary>How many times A was left for B and taken back.</summary>
    public required int Cycles { get; init; }

    /// <summary>No reload and no re-prefill in any cycle: A was resident and its follow-up reused every token it had evaluated.</summary>
    public required bool Reused { get; init; }

    public bool MeetsTarget => Reused && SwitchMilliseconds.Max < TargetMilliseconds;
}
