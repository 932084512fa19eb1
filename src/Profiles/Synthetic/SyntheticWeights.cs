using System.Buffers.Binary;
using ModelScale.Profiles.Gguf;

namespace ModelScale.Profiles.Synthetic;

/// <summary>
/// Made-up tensor data that llama.cpp loads and runs: quantized matrices (Q4_0, Q5_0, Q5_1, Q8_0, Q4_K, Q5_K, Q6_K) of random
/// quants under small fixed scales, norm weights of 1, zero biases, and the real Llama 3 rope_freqs divisors. The output is gibberish, but the work per
/// token is that of a real model of the same shape. Data is streamed a chunk at a time, never a whole tensor.
/// </summary>
public static class SyntheticWeights
{
    /// <summary>The scale of every Q4_0 block: weights come out in [-0.16, 0.14].</summary>
    public const float Q4_0Scale = 0.02f;

    private const int BlocksPerChunk = 4096;

    /// <summary>The types random data can be made in, as one phrase for messages.</summary>
    public const string FillableTypes = "Q4_0, Q5_0, Q5_1, Q8_0, Q4_K, Q5_K, Q6_K and F32";

    /// <summary>Whether random data can be made for a tensor stored as <paramref name="type"/>.</summary>
    public static bool CanFill(GgmlType type) => type == GgmlType.F32 || FixedScales(type) is not null;

    /// <summary>
    /// Writes the data of <paramref name="tensor"/> stored as <paramref name="type"/>, drawing random bits from
    /// <paramref name="random"/>. Throws <see cref="SyntheticModelException"/> for a type that <see cref="CanFill"/> refuses.
    /// </summary>
    public static void Write(ShapeTensor tensor, GgmlType type, ModelShape shape, Random random, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(stream);
        switch (type)
        {
            case GgmlType.F32:
                WriteF32(VectorValues(tensor, shape), stream);
                break;
            case var _ when FixedScales(type) is { } scales:
                WriteBlocks(tensor.ElementCount, type, scales, random, stream);
                break;
            default:
                throw new SyntheticModelException(
                    $"Random weights are made only in {FillableTypes}, but '{tensor.Name}' is {type}.");
        }
    }

    private static float[] VectorValues(ShapeTensor tensor, ModelShape shape)
    {
        var values = new float[checked((int)tensor.ElementCount)];
        switch (tensor.Role)
        {
            case TensorRole.RopeFrequencies when shape.RopeScaling is not null:
                return shape.RopeScaling.Divisors(shape.HeadDim, shape.RopeFreqBase);
            case TensorRole.AttentionQBias or TensorRole.AttentionKBias or TensorRole.AttentionVBias:
                return values;
            case TensorRole.AttentionNorm or TensorRole.FeedForwardNorm or TensorRole.OutputNorm:
                Array.Fill(values, 1f);
                return values;
            default:
                throw new SyntheticModelException(
                    $"Random weights are made in F32 only for norms, biases and rope_freqs, not for '{tensor.Name}'.");
        }
    }

    private static void WriteF32(float[] values, Stream stream)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        stream.Write(bytes);
    }

    /// <summary>
    /// The f16 scales at fixed byte offsets of one block of <paramref name="type"/>; every other byte (quants, packed
    /// sub-block scales and mins) is random. The scales keep each weight within about ±0.3, as Q4_0's 0.02 does, so
    /// activations stay finite through a deep stack. Null for a type that cannot be filled.
    /// </summary>
    private static (int Offset, Half Value)[]? FixedScales(GgmlType type) => type switch
    {
        GgmlType.Q4_0 => [(0, (Half)Q4_0Scale)],                    // d, then 16 bytes of nibbles: d × (q − 8)
        GgmlType.Q5_0 => [(0, (Half)0.01f)],                        // d, qh[4], qs[16]: d × (q − 16)
        GgmlType.Q5_1 => [(0, (Half)0.01f), (2, (Half)(-0.16f))],     // d, m, qh[4], qs[16]: d × q + m
        GgmlType.Q8_0 => [(0, (Half)0.002f)],                       // d, 32 signed bytes: d × q
        GgmlType.Q4_K => [(0, (Half)2.5e-4f), (2, (Half)2e-3f)],    // d, dmin, scales[12], qs[128]: d × sc × q − dmin × m
        GgmlType.Q5_K => [(0, (Half)1.25e-4f), (2, (Half)2e-3f)],   // d, dmin, scales[12], qh[32], qs[128]
        GgmlType.Q6_K => [(208, (Half)6.5e-5f)],                    // ql[128], qh[64], scales[16] (int8), d: d × sc × (q − 32)
        _ => null,
    };

    private static void WriteBlocks(long elements, GgmlType type, (int Offset, Half Value)[] scales, Random random, Stream stream)
    {
        var blockBytes = GgmlTypeInfo.TypeSize(type);
        var blocks = elements / GgmlTypeInfo.BlockSize(type);
        var chunk = new byte[BlocksPerChunk * blockBytes];
        while (blocks > 0)
        {
            var count = (int)Math.Min(blocks, BlocksPerChunk);
            var span = chunk.AsSpan(0, count * blockBytes);
            random.NextBytes(span);
            for (var offset = 0; offset < span.Length; offset += blockBytes)
            {
                foreach (var (at, value) in scales)
                {
                    BinaryPrimitives.WriteHalfLittleEndian(span[(offset + at)..], value);
                }
            }

            stream.Write(span);
            blocks -= count;
        }
    }
}
