namespace ModelScale.ChatHost.Engine.Decoding;

/// <summary>
/// How one answer picks each token from the logits; <see cref="SamplerFactory"/> builds the pipeline from it. Temperature
/// 0 is greedy and deterministic. Anything that changes the choice of a token (a grammar, logit bias, top-p, min-p,
/// top-k, penalties) belongs here, so that the decode loop never changes for a new sampler.
/// </summary>
public sealed record SamplingSettings
{
    /// <summary>Always the most likely token.</summary>
    public static SamplingSettings Greedy { get; } = new();

    public float Temperature { get; init; } = SamplingDefaults.Temperature;

    public uint Seed { get; init; } = SamplingDefaults.Seed;
}
