namespace ModelScale.Profiles.Synthetic;

/// <summary>
/// One tensor of a model shape, before a type is chosen for it. <paramref name="Dimensions"/> are in GGUF order
/// (ggml's ne[], innermost first): a weight that maps n_embd to n_ff is [n_embd, n_ff].
/// </summary>
/// <param name="Name">llama.cpp's tensor name, e.g. "blk.3.attn_v.weight".</param>
/// <param name="Role">What the tensor does.</param>
/// <param name="Layer">The block index, or null for a tensor outside the blocks.</param>
/// <param name="Dimensions">ne0 first.</param>
public sealed record ShapeTensor(string Name, TensorRole Role, int? Layer, IReadOnlyList<long> Dimensions)
{
    /// <summary>The length of one row (ne0): what a quantization block size must divide.</summary>
    public long RowLength => Dimensions[0];

    /// <summary>True for matrices (weights that can be quantized); false for vectors (norms, biases, rope_freqs).</summary>
    public bool IsMatrix => Dimensions.Count >= 2;

    public long ElementCount => Dimensions.Aggregate(1L, (product, dimension) => checked(product * dimension));
}
