namespace ModelScale.Profiles.Gguf;

/// <summary>Block sizes and bytes per block of the ggml tensor types (the type traits in ggml.c).</summary>
public static class GgmlTypeInfo
{
    private const int QK = 256; // QK_K, the super-block of the k-quants and i-quants

    /// <summary>Whether <paramref name="type"/> is a tensor type this reader knows the size of.</summary>
    public static bool IsKnown(GgmlType type) => TryGetTraits(type, out _, out _);

    /// <summary>Elements per block (1 for plain types, 32 or 256 for quantized ones).</summary>
    public static int BlockSize(GgmlType type) => GetTraits(type).BlockSize;

    /// <summary>Bytes per block.</summary>
    public static int TypeSize(GgmlType type) => GetTraits(type).TypeSize;

    /// <summary>
    /// Bytes taken by a row of <paramref name="elements"/> elements; throws <see cref="GgufFormatException"/> when the
    /// row is negative, is not a whole number of blocks, or its size overflows.
    /// </summary>
    public static long RowBytes(GgmlType type, long elements)
    {
        var (blockSize, typeSize) = GetTraits(type);
        if (elements < 0)
        {
            throw new GgufFormatException($"A row of {type} cannot have a negative element count ({elements}).");
        }

        if (elements % blockSize != 0)
        {
            throw new GgufFormatException(
                $"A row of {elements} {type} elements is not a multiple of the {type} block size of {blockSize}.");
        }

        var blocks = elements / blockSize;
        if (blocks > long.MaxValue / typeSize)
        {
            throw new GgufFormatException($"A row of {elements} {type} elements is too large to address.");
        }

        return blocks * typeSize;
    }

    internal static string Describe(uint typeId) =>
        Enum.IsDefined((GgmlType)typeId) ? ((GgmlType)typeId).ToString() : $"type id {typeId}";

    private static (int BlockSize, int TypeSize) GetTraits(GgmlType type)
    {
        if (!TryGetTraits(type, out var blockSize, out var typeSize))
        {
            throw new GgufFormatException($"The ggml tensor type id {(uint)type} is unknown or no longer supported.");
        }

        return (blockSize, typeSize);
    }

    private static bool TryGetTraits(GgmlType type, out int blockSize, out int typeSize)
    {
        (blockSize, typeSize) = type switch
        {
            GgmlType.F32 => (1, 4),
            GgmlType.F16 => (1, 2),
            GgmlType.Q4_0 => (32, 2 + 16),
            GgmlType.Q4_1 => (32, 2 + 2 + 16),
            GgmlType.Q5_0 => (32, 2 + 4 + 16),
            GgmlType.Q5_1 => (32, 2 + 2 + 4 + 16),
            GgmlType.Q8_0 => (32, 2 + 32),
            GgmlType.Q8_1 => (32, 2 + 2 + 32),
            GgmlType.Q2_K => (QK, (QK / 16) + (QK / 4) + 2 + 2),
            GgmlType.Q3_K => (QK, (QK / 8) + (QK / 4) + 12 + 2),
            GgmlType.Q4_K => (QK, 2 + 2 + 12 + (QK / 2)),
            GgmlType.Q5_K => (QK, 2 + 2 + 12 + (QK / 8) + (QK / 2)),
            GgmlType.Q6_K => (QK, (QK / 2) + (QK / 4) + (QK / 16) + 2),
            GgmlType.Q8_K => (QK, 4 + QK + (QK / 16 * 2)),
            GgmlType.IQ2_XXS => (QK, 2 + (QK / 8 * 2)),
            GgmlType.IQ2_XS => (QK, 2 + (QK / 8 * 2) + (QK / 32)),
            GgmlType.IQ3_XXS => (QK, 2 + (3 * QK / 8)),
            GgmlType.IQ1_S => (QK, 2 + (QK / 8) + (QK / 32 * 2)),
            GgmlType.IQ4_NL => (32, 2 + 16),
            GgmlType.IQ3_S => (QK, 2 + (QK / 4) + (QK / 32) + (QK / 8) + (QK / 64)),
            GgmlType.IQ2_S => (QK, 2 + (QK / 4) + (QK / 32) + (QK / 32)),
            GgmlType.IQ4_XS => (QK, 2 + 2 + (QK / 64) + (QK / 2)),
            GgmlType.I8 => (1, 1),
            GgmlType.I16 => (1, 2),
            GgmlType.I32 => (1, 4),
            GgmlType.I64 => (1, 8),
            GgmlType.F64 => (1, 8),
            GgmlType.IQ1_M => (QK, (QK / 8) + (QK / 16) + (QK / 32)),
            GgmlType.BF16 => (1, 2),
            GgmlType.TQ1_0 => (QK, ((QK - (4 * QK / 64)) / 5) + (QK / 64) + 2),
            GgmlType.TQ2_0 => (QK, (QK / 4) + 2),
            GgmlType.MXFP4 => (32, 1 + 16),
            _ => (0, 0),
        };
        return blockSize != 0;
    }
}
