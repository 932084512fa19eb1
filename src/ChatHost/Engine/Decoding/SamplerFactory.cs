using LLama.Sampling;

namespace ModelScale.ChatHost.Engine.Decoding;

/// <summary>
/// The one place a sampling pipeline is built: the decode loop asks it for each answer's sampler and only ever calls
/// <see cref="ISamplingPipeline.Sample"/> on what it gets. A new sampling option is a field of
/// <see cref="SamplingSettings"/> and a line here (LLamaSharp's <see cref="DefaultSamplingPipeline"/> carries grammar,
/// logit bias, top-k/top-p/min-p and the penalties); per-token log-probabilities would come from a pipeline built here
/// that keeps the candidates its chain leaves, without a second loop.
/// </summary>
public static class SamplerFactory
{
    public static ISamplingPipeline Create(SamplingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Temperature <= 0
            ? new GreedySamplingPipeline()
            : new DefaultSamplingPipeline { Temperature = settings.Temperature, Seed = settings.Seed };
    }
}
