namespace ModelScale.Profiles.Synthetic;

/// <summary>What a tensor of a dense llama-style model does; the quantization rules pick a type by role.</summary>
public enum TensorRole
{
    TokenEmbedding,
    RopeFrequencies,
    AttentionNorm,
    AttentionQ,
    AttentionQBias,
    AttentionK,
    AttentionKBias,
    AttentionV,
    AttentionVBias,
    AttentionOutput,
    FeedForwardNorm,
    FeedForwardGate,
    FeedForwardUp,
    FeedForwardDown,
    OutputNorm,
    Output,
}
