using ModelScale.Profiles.Gguf;

namespace ModelScale.Profiles.Synthetic;

/// <summary>
/// Every weight matrix in Q4_0 (token_embd and output.weight too), every vector (norms, biases, rope_freqs) in F32:
/// the layout of <c>llama-quantize --pure Q4_0</c>, and the simplest one to fill with random weights.
/// </summary>
internal sealed class AllQ4_0Scheme : QuantizationScheme
{
    /// <summary>LLAMA_FTYPE_MOSTLY_Q4_0.</summary>
    public override uint FileType => 2;

    public override string Id => "q4_0";

    public override GgmlType TypeOf(ShapeTensor tensor, ModelShape shape)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return tensor.IsMatrix ? FitRow(GgmlType.Q4_0, tensor.RowLength) : GgmlType.F32;
    }
}
