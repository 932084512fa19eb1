using LLama.Native;
using LLama.Sampling;

namespace ModelScale.ChatHost.Engine.Decoding;

/// <summary>
/// The one place a sampling pipeline is built: the decode loop asks it for each answer's sampler and only ever calls
/// <see cref="ISamplingPipeline.Sample"/> on what it gets. A new sampling option is a field of
/// <see cref="SamplingSettings"/> and a line here.
/// </summary>
/// <remarks>
/// Plain greedy stays LLamaSharp's <see cref="GreedySamplingPipeline"/> (its answers are the golden ones). Everything
/// else is llama.cpp's chain through <see cref="DefaultSamplingPipeline"/>: logit bias, penalties, top-k, top-p, min-p,
/// temperature (0 keeps only the best token), then a seeded draw. A grammar is checked the way llama.cpp's own
/// sampler does it: the chain picks a token, the grammar checks that one token, and only when it is refused is the
/// grammar applied to the whole vocabulary before the chain picks again (<see cref="DefaultSamplingPipeline.GrammarOptimizationMode.Basic"/>;
/// the Extended mode may pick the best token instead of drawing one).
/// </remarks>
public static class SamplerFactory
{
    /// <param name="settings">How tokens are picked.</param>
    /// <param name="logprobs">
    /// Null for a plain answer; otherwise how many alternatives each token's <see cref="TokenLogprob"/> names: the
    /// pipeline is then a <see cref="ProbingSamplingPipeline"/>, which picks the same tokens and describes each.
    /// </param>
    public static ISamplingPipeline Create(SamplingSettings settings, int? logprobs = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (logprobs is { } alternatives)
        {
            var probe = Configure<ProbingSamplingPipeline>(settings);
            probe.Alternatives = alternatives;
            return probe;
        }

        if (settings.Temperature <= 0 && settings.IsPlain)
        {
            return new GreedySamplingPipeline();
        }

        return Configure<DefaultSamplingPipeline>(settings);
    }

    private static T Configure<T>(SamplingSettings settings)
        where T : DefaultSamplingPipeline, new()
    {
        var greedy = settings.Temperature <= 0;
        return new T
        {
            Temperature = greedy ? 0 : settings.Temperature,
            Seed = settings.Seed,
            TopK = settings.TopK ?? (greedy ? 0 : SamplingSettings.DefaultTopK),
            TopP = settings.TopP ?? (greedy ? 1 : SamplingSettings.DefaultTopP),
            MinP = settings.MinP ?? (greedy ? 0 : SamplingSettings.DefaultMinP),
            RepeatPenalty = settings.RepeatPenalty ?? 1,
            FrequencyPenalty = settings.FrequencyPenalty ?? 0,
            PresencePenalty = settings.PresencePenalty ?? 0,
            LogitBias = settings.LogitBias?.ToDictionary(b => (LLamaToken)b.Key, b => b.Value) ?? [],
            Grammar = settings.Grammar is { } grammar ? new LLama.Sampling.Grammar(grammar.Text, grammar.Root) : null,
            GrammarOptimization = DefaultSamplingPipeline.GrammarOptimizationMode.Basic,
        };
    }
}
