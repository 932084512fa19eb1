using ModelScale.Profiles.Gguf;

namespace ModelScale.Profiles.Synthetic;

/// <summary>
/// llama.cpp's LLAMA_FTYPE_MOSTLY_Q4_K_M for dense llama and qwen2 models, as <c>llama_tensor_get_type</c> in
/// src/llama-quant.cpp decides it when there is no importance matrix and no per-tensor override:
/// <list type="bullet">
/// <item>Vectors (norms, biases, rope_freqs) are not quantized: F32.</item>
/// <item>output.weight is Q6_K (Q8_0 when its row is not whole 256-element blocks). With tied embeddings there is no
/// output.weight and token_embd.weight doubles as the output, so it gets the output's type, Q6_K.</item>
/// <item>Untied token_embd.weight gets the default type, Q4_K.</item>
/// <item>attn_v.weight and ffn_down.weight are Q6_K on the "more bits" layers (the first n/8, the last n/8, and every
/// third layer in between: i &lt; n/8, i ≥ 7n/8, or (i − n/8) mod 3 = 2, in integer arithmetic) and Q4_K elsewhere.</item>
/// <item>On a model llama.cpp sizes as 70B (80 layers; for llama, with grouped-query attention) attn_v.weight that
/// would be Q4_K is Q5_K instead: eight heads share it, so the extra bits cost little.</item>
/// <item>Every other matrix is Q4_K.</item>
/// <item>A row that is not whole blocks of the chosen type falls back: Q4_K to Q5_0, Q6_K to Q8_0, then F16.</item>
/// </list>
/// Quantizers can override types per tensor (bartowski's "_L" files keep embeddings in Q8_0), so this is the mix of a
/// plain <c>llama-quantize model.gguf Q4_K_M</c>.
/// </summary>
internal sealed class Q4KMScheme : QuantizationScheme
{
    /// <summary>LLAMA_FTYPE_MOSTLY_Q4_K_M.</summary>
    public override uint FileType => 15;

    public override string Id => "q4_k_m";

    public override GgmlType TypeOf(ShapeTensor tensor, ModelShape shape)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(shape);
        if (!tensor.IsMatrix)
        {
            return GgmlType.F32;
        }

        var isOutput = tensor.Role == TensorRole.Output
            || (tensor.Role == TensorRole.TokenEmbedding && shape.TiedEmbeddings);
        if (isOutput)
        {
            return tensor.RowLength % GgmlTypeInfo.BlockSize(GgmlType.Q6_K) == 0 ? GgmlType.Q6_K : GgmlType.Q8_0;
        }

        var type = tensor.Role switch
        {
            TensorRole.AttentionV => AttentionVType(tensor, shape),
            TensorRole.FeedForwardDown when UsesMoreBits(tensor.Layer ?? 0, shape.BlockCount) => GgmlType.Q6_K,
            _ => GgmlType.Q4_K,
        };
        return FitRow(type, tensor.RowLength);
    }

    /// <summary>
    /// llama.cpp's use_more_bits: the first and last eighth of the layers, and every third layer between them.
    /// </summary>
    public static bool UsesMoreBits(int layer, int layerCount) =>
        layer < layerCount / 8 || layer >= 7 * layerCount / 8 || (layer - (layerCount / 8)) % 3 == 2;

    /// <summary>Whether llama.cpp classifies the model as LLM_TYPE_70B (llama-model.cpp, load_hparams).</summary>
    public static bool IsLlamaCpp70B(ModelShape shape) =>
        shape.BlockCount == 80 && shape.Architecture switch
        {
            "llama" => shape.HeadCount != shape.HeadCountKv, // 80 layers without GQA is LLaMA-1 65B
            "qwen2" => true,
            _ => false,
        };

    private static GgmlType AttentionVType(ShapeTensor tensor, ModelShape shape)
    {
        var type = UsesMoreBits(tensor.Layer ?? 0, shape.BlockCount) ? GgmlType.Q6_K : GgmlType.Q4_K;
        return type == GgmlType.Q4_K && IsLlamaCpp70B(shape) ? GgmlType.Q5_K : type;
    }
}
