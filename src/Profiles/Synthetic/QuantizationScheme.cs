using System.Diagnostics.CodeAnalysis;
using ModelScale.Profiles.Gguf;

namespace ModelScale.Profiles.Synthetic;

/// <summary>Which ggml type each tensor of a model gets: a llama.cpp file type such as Q4_K_M.</summary>
public abstract class QuantizationScheme
{
    /// <summary>Every weight matrix Q4_0, vectors F32 (what <c>llama-quantize --pure Q4_0</c> writes).</summary>
    public static QuantizationScheme AllQ4_0 { get; } = new AllQ4_0Scheme();

    /// <summary>llama.cpp's Q4_K_M mix (see <see cref="Q4KMScheme"/> for the rules).</summary>
    public static QuantizationScheme Q4_K_M { get; } = new Q4KMScheme();

    /// <summary>The schemes by id ("q4_0", "q4_k_m").</summary>
    public static IReadOnlyList<QuantizationScheme> All { get; } = [Q4_K_M, AllQ4_0];

    /// <summary>The id used on the command line, e.g. "q4_k_m".</summary>
    public abstract string Id { get; }

    /// <summary>general.file_type: the llama_ftype value llama.cpp writes for this mix.</summary>
    public abstract uint FileType { get; }

    /// <summary>The type <paramref name="tensor"/> of <paramref name="shape"/> is stored in.</summary>
    public abstract GgmlType TypeOf(ShapeTensor tensor, ModelShape shape);

    /// <summary>The scheme with id <paramref name="id"/> (case-insensitive); false when there is none.</summary>
    public static bool TryGet(string? id, [NotNullWhen(true)] out QuantizationScheme? scheme)
    {
        scheme = All.FirstOrDefault(s => string.Equals(s.Id, id?.Trim(), StringComparison.OrdinalIgnoreCase));
        return scheme is not null;
    }

    public override string ToString() => Id;

    /// <summary>
    /// llama.cpp's fallback for a row that is not whole blocks of <paramref name="target"/> (tensor_type_fallback in
    /// llama-quant.cpp): Q4_K becomes Q5_0, Q5_K becomes Q5_1, Q6_K becomes Q8_0, Q2_K and Q3_K become Q4_0, and a row
    /// that is not whole 32-element blocks either becomes F16.
    /// </summary>
    protected static GgmlType FitRow(GgmlType target, long rowLength)
    {
        if (rowLength % GgmlTypeInfo.BlockSize(target) == 0)
        {
            return target;
        }

        var fallback = target switch
        {
            GgmlType.Q2_K or GgmlType.Q3_K => GgmlType.Q4_0,
            GgmlType.Q4_K => GgmlType.Q5_0,
            GgmlType.Q5_K => GgmlType.Q5_1,
            GgmlType.Q6_K => GgmlType.Q8_0,
            _ => target,
        };
        return rowLength % GgmlTypeInfo.BlockSize(fallback) == 0 ? fallback : GgmlType.F16;
    }
}
