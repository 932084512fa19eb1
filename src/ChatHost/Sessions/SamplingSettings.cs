using ModelScale.ChatHost.Engine;

namespace ModelScale.ChatHost.Sessions;

/// <summary>Sampling for a session's answers. Temperature 0 (the default) is greedy and deterministic.</summary>
public sealed record SamplingSettings(float Temperature = SamplingDefaults.Temperature, long Seed = SamplingDefaults.Seed, int? MaxTokens = null);
