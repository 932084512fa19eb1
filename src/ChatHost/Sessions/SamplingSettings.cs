namespace ModelScale.ChatHost.Sessions;

/// <summary>Sampling for a session's answers. Temperature 0 (the default) is greedy and deterministic.</summary>
public sealed record SamplingSettings(float Temperature = 0f, long Seed = 42, int? MaxTokens = null);
