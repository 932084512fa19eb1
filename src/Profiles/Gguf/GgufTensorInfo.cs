namespace ModelScale.Profiles.Gguf;

/// <summary>
/// One entry of a GGUF tensor table. <paramref name="Dimensions"/> are ggml's ne[] (innermost first);
/// <paramref name="Offset"/> is relative to the start of the data section of the shard the tensor lives in;
/// <paramref name="ByteSize"/> is the unpadded size of its data.
/// </summary>
public sealed record GgufTensorInfo(string Name, IReadOnlyList<long> Dimensions, GgmlType Type, long Offset, long ByteSize)
{
    /// <summary>The product of <see cref="Dimensions"/> (1 for a tensor with no dimensions).</summary>
    public long ElementCount { get; } = Product(Dimensions);

    /// <summary>Which shard of a split model holds the tensor's data (0 for an unsplit file).</summary>
    public int SplitIndex { get; init; }

    private static long Product(IReadOnlyList<long> dimensions)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        long count = 1;
        foreach (var dimension in dimensions)
        {
            count = checked(count * dimension);
        }

        return count;
    }
}
