namespace ModelScale.ChatHost.Engine;

/// <summary>Sampling for one answer. Temperature 0 is greedy and deterministic.</summary>
public sealed record GenerationSettings
{
    public float Temperature { get; init; }

    public uint Seed { get; init; } = 42;

    /// <summary>Most tokens to generate; null stops only at end of generation or a full context.</summary>
    public int? MaxTokens { get; init; }

    public IReadOnlyList<string> StopSequences { get; init; } = [];
}
