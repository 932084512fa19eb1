using LLama.Native;

namespace ModelScale.ChatHost.Engine.Decoding;

/// <summary>What one answer asks of the decode loop: how to pick tokens, and when to stop.</summary>
public sealed record GenerationSettings
{
    /// <summary>How the next token is chosen from the logits (greedy by default).</summary>
    public SamplingSettings Sampling { get; init; } = SamplingSettings.Greedy;

    /// <summary>Most tokens to generate; null stops only at end of generation or a full context.</summary>
    public int? MaxTokens { get; init; }

    public IReadOnlyList<string> StopSequences { get; init; } = [];

    /// <summary>
    /// Keep generating past an end-of-generation token, so that exactly <see cref="MaxTokens"/> tokens come out.
    /// For benchmarks only: chat always stops at end of generation.
    /// </summary>
    public bool IgnoreEndOfGeneration { get; init; }

    /// <summary>
    /// Null for a plain answer; otherwise each emitted token comes with its <see cref="TokenLogprob"/> naming this many
    /// alternatives (0 to <see cref="ProbingSamplingPipeline.MostAlternatives"/>), on the piece that shows its text.
    /// </summary>
    public int? Logprobs { get; init; }

    /// <summary>Called with each generated token, in order, as it is sampled (benchmarks compare them with a peer's).</summary>
    public Action<LLamaToken>? OnToken { get; init; }
}
