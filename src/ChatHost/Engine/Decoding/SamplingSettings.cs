using ModelScale.ChatHost.Engine.Decoding.Grammar;

namespace ModelScale.ChatHost.Engine.Decoding;

/// <summary>
/// How one answer picks each token from the logits; <see cref="SamplerFactory"/> builds the pipeline from it. Temperature
/// 0 is greedy and deterministic. Anything that changes the choice of a token (a grammar, logit bias, top-p, min-p,
/// top-k, penalties) belongs here, so that the decode loop never changes for a new sampler. A null filter is the
/// engine's default (<see cref="DefaultTopK"/>, <see cref="DefaultTopP"/>, <see cref="DefaultMinP"/> when sampling).
/// </summary>
public sealed record SamplingSettings
{
    /// <summary>Top-k when sampling and none is asked for (LLamaSharp's default); 0 turns it off.</summary>
    public const int DefaultTopK = 40;

    /// <summary>Top-p when sampling and none is asked for (LLamaSharp's default); 1 turns it off.</summary>
    public const float DefaultTopP = 0.9f;

    /// <summary>Min-p when sampling and none is asked for (LLamaSharp's default); 0 turns it off.</summary>
    public const float DefaultMinP = 0.1f;

    /// <summary>Always the most likely token.</summary>
    public static SamplingSettings Greedy { get; } = new();

    public float Temperature { get; init; } = SamplingDefaults.Temperature;

    public uint Seed { get; init; } = SamplingDefaults.Seed;

    /// <summary>Keep only the k most likely tokens (0: all).</summary>
    public int? TopK { get; init; }

    /// <summary>Keep the most likely tokens whose probabilities add up to p (1: all).</summary>
    public float? TopP { get; init; }

    /// <summary>Drop tokens less likely than p times the most likely one (0: none).</summary>
    public float? MinP { get; init; }

    /// <summary>Divides the logit of a token already in the answer (1: off).</summary>
    public float? RepeatPenalty { get; init; }

    /// <summary>Subtracted from a token's logit once per time it is already in the answer (OpenAI's frequency_penalty).</summary>
    public float? FrequencyPenalty { get; init; }

    /// <summary>Subtracted from a token's logit once if it is already in the answer (OpenAI's presence_penalty).</summary>
    public float? PresencePenalty { get; init; }

    /// <summary>Added to the logits of these token ids; negative infinity bans a token.</summary>
    public IReadOnlyDictionary<int, float>? LogitBias { get; init; }

    /// <summary>A grammar the answer must follow (structured output); the answer ends when the grammar is complete.</summary>
    public GbnfGrammar? Grammar { get; init; }

    /// <summary>Whether anything beyond temperature and seed is asked for (greedy then still goes through the full pipeline).</summary>
    public bool IsPlain =>
        TopK is null && TopP is null && MinP is null && RepeatPenalty is null && FrequencyPenalty is null && PresencePenalty is null
        && LogitBias is not { Count: > 0 } && Grammar is null;
}
