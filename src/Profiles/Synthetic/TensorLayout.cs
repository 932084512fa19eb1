namespace ModelScale.Profiles.Synthetic;

/// <summary>
/// The tensors llama.cpp expects for a shape, with its names (llama-arch.cpp) and shapes (llama-model.cpp): the token
/// embedding, rope_freqs when the shape has Llama 3 RoPE scaling, each block's attention and gated MLP, the final norm,
/// and the output projection unless the embeddings are tied.
/// </summary>
public static class TensorLayout
{
    /// <summary>Every tensor of <paramref name="shape"/>, in the order they are written.</summary>
    public static IReadOnlyList<ShapeTensor> Of(ModelShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        shape.Validate();
        long embd = shape.EmbeddingLength;
        long ff = shape.FeedForwardLength;
        long kv = shape.KvLength;
        long vocab = shape.VocabSize;

        var tensors = new List<ShapeTensor>
        {
            new("token_embd.weight", TensorRole.TokenEmbedding, null, [embd, vocab]),
        };
        if (shape.RopeScaling is not null)
        {
            tensors.Add(new("rope_freqs.weight", TensorRole.RopeFrequencies, null, [shape.HeadDim / 2]));
        }

        for (var layer = 0; layer < shape.BlockCount; layer++)
        {
            var prefix = $"blk.{layer}.";
            tensors.Add(new(prefix + "attn_norm.weight", TensorRole.AttentionNorm, layer, [embd]));
            tensors.Add(new(prefix + "attn_q.weight", TensorRole.AttentionQ, layer, [embd, embd]));
            if (shape.AttentionBias)
            {
                tensors.Add(new(prefix + "attn_q.bias", TensorRole.AttentionQBias, layer, [embd]));
            }

            tensors.Add(new(prefix + "attn_k.weight", TensorRole.AttentionK, layer, [embd, kv]));
            if (shape.AttentionBias)
            {
                tensors.Add(new(prefix + "attn_k.bias", TensorRole.AttentionKBias, layer, [kv]));
            }

            tensors.Add(new(prefix + "attn_v.weight", TensorRole.AttentionV, layer, [embd, kv]));
            if (shape.AttentionBias)
            {
                tensors.Add(new(prefix + "attn_v.bias", TensorRole.AttentionVBias, layer, [kv]));
            }

            tensors.Add(new(prefix + "attn_output.weight", TensorRole.AttentionOutput, layer, [embd, embd]));
            tensors.Add(new(prefix + "ffn_norm.weight", TensorRole.FeedForwardNorm, layer, [embd]));
            tensors.Add(new(prefix + "ffn_gate.weight", TensorRole.FeedForwardGate, layer, [embd, ff]));
            tensors.Add(new(prefix + "ffn_up.weight", TensorRole.FeedForwardUp, layer, [embd, ff]));
            tensors.Add(new(prefix + "ffn_down.weight", TensorRole.FeedForwardDown, layer, [ff, embd]));
        }

        tensors.Add(new("output_norm.weight", TensorRole.OutputNorm, null, [embd]));
        if (!shape.TiedEmbeddings)
        {
            tensors.Add(new("output.weight", TensorRole.Output, null, [embd, vocab]));
        }

        return tensors;
    }

    /// <summary>The parameter count of <paramref name="shape"/>: the sum of its tensors' elements.</summary>
    public static long ParameterCount(ModelShape shape) => Of(shape).Sum(t => t.ElementCount);
}
