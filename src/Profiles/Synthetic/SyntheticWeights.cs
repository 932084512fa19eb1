using System.Buffers.Binary;
using ModelScale.Profiles.Gguf;

namespace ModelScale.Profiles.Synthetic;

/// <summary>
/// Made-up tensor data that llama.cpp loads and runs: Q4_0 matrices of random nibbles under a small fixed scale, norm
/// weights of 1, zero biases, and the real Llama 3 rope_freqs divisors. The output is gibberish, but the work per
/// token is that of a real model of the same shape. Data is streamed a chunk at a time, never a whole tensor.
/// </summary>
public static class SyntheticWeights
{
    /// <summary>The scale of every Q4_0 block: weights come out in [-0.16, 0.14].</summary>
    public const float Q4_0Scale = 0.02f;

    private const int Q4_0BlockBytes = 18;
    private const int BlocksPerChunk = 4096;

    /// <summary>Whether random data can be made for a tensor stored as <paramref name="type"/>.</summary>
    public static bool CanFill(GgmlType type) => type is GgmlType.Q4_0 or GgmlType.F32;

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
            case GgmlType.Q4_0:
                WriteQ4_0(tensor.ElementCount, random, stream);
                break;
            case GgmlType.F32:
                WriteF32(VectorValues(tensor, shape), stream);
                break;
            default:
                throw new SyntheticModelException(
                    $"Random weights are made only in Q4_0 and F32, but '{tensor.Name}' is {type}.");
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

    private static void WriteQ4_0(long elements, Random random, Stream stream)
    {
        var blocks = elements / GgmlTypeInfo.BlockSize(GgmlType.Q4_0);
        var chunk = new byte[BlocksPerChunk * Q4_0BlockBytes];
        Span<byte> scale = stackalloc byte[2];
        BinaryPrimitives.WriteHalfLittleEndian(scale, (Half)Q4_0Scale);
        while (blocks > 0)
        {
            var count = (int)Math.Min(blocks, BlocksPerChunk);
            var span = chunk.AsSpan(0, count * Q4_0BlockBytes);
            random.NextBytes(span);
            for (var offset = 0; offset < span.Length; offset += Q4_0BlockBytes)
            {
                scale.CopyTo(span[offset..]);
            }

            stream.Write(span);
            blocks -= count;
        }
    }
}
