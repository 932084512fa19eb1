namespace ModelScale.ChatHost.Engine;

/// <summary>
/// The sampling every front end uses when it is not told otherwise (chat, replay, bench, the service): greedy, so that
/// an answer is the same every time, with a fixed seed for when a temperature is given.
/// </summary>
public static class SamplingDefaults
{
    /// <summary>0 is greedy and deterministic.</summary>
    public const float Temperature = 0f;

    public const uint Seed = 42;
}
