using System.Globalization;
using System.Text;

namespace ModelScale.Profiles.Gguf;

/// <summary>
/// The tensor table against what llama.cpp's compute code assumes: names ggml can hold, no zero dimension (ggml
/// divides by row counts), types a matrix product can take, norms in a float type, and the embedding and output
/// matrices shaped [embedding width, vocabulary].
/// </summary>
internal static class GgufTensorCheck
{
    public static void Check(GgufFile file, long? vocabularySize)
    {
        foreach (var tensor in file.Tensors)
        {
            var name = GgufText.Quote(tensor.Name);
            var bytes = Encoding.UTF8.GetByteCount(tensor.Name);
            if (bytes > LlamaCppLimits.MaxTensorNameBytes)
            {
                throw new GgufFormatException(
                    $"'{file.FileName}' names tensor '{name}' with {bytes:N0} bytes, more than the {LlamaCppLimits.MaxTensorNameBytes} ggml can hold.");
            }

            if (tensor.Dimensions.Any(d => d == 0))
            {
                throw new GgufFormatException(
                    $"'{file.FileName}' is corrupt: tensor '{name}' has a dimension of 0 ({Shape(tensor.Dimensions)}), which llama.cpp would divide by.");
            }

            if (!LlamaCppLimits.IsStorableWeightType(tensor.Type))
            {
                var kind = tensor.Type is GgmlType.Q8_1 or GgmlType.Q8_K
                    ? "a type ggml uses only inside its matrix code"
                    : tensor.Type == GgmlType.F64 ? "a type ggml's matrix code cannot use" : "an integer type ggml's matrix code cannot use";
                throw new GgufFormatException(
                    $"'{file.FileName}' stores tensor '{name}' as {tensor.Type}, {kind}; model weights are float or quantized.");
            }

            if (IsVector(tensor) && tensor.Type is not (GgmlType.F32 or GgmlType.F16))
            {
                throw new GgufFormatException(
                    $"'{file.FileName}' stores the one-dimensional tensor '{name}' as {tensor.Type}; llama.cpp adds and multiplies norms and biases only in F32 or F16.");
            }
        }

        CheckVocabularyMatrix(file, "token_embd.weight", vocabularySize);
        CheckVocabularyMatrix(file, "output.weight", vocabularySize);
    }

    private static bool IsVector(GgufTensorInfo tensor) => tensor.Dimensions.Skip(1).All(d => d == 1);

    private static void CheckVocabularyMatrix(GgufFile file, string name, long? vocabularySize)
    {
        var tensor = file.Tensors.FirstOrDefault(t => t.Name == name);
        if (tensor is null || vocabularySize is null || file.EmbeddingLength is not { } embedding)
        {
            return;
        }

        var expected = new long[] { embedding, vocabularySize.Value };
        var actual = tensor.Dimensions.Count >= 2 && tensor.Dimensions.Skip(2).All(d => d == 1)
            ? tensor.Dimensions.Take(2).ToArray()
            : tensor.Dimensions.ToArray();
        if (!actual.SequenceEqual(expected))
        {
            throw new GgufFormatException(
                $"'{file.FileName}' is corrupt: tensor '{name}' has the shape {Shape(tensor.Dimensions)}, but a model {embedding:N0} wide with {vocabularySize:N0} tokens needs [{embedding}, {vocabularySize}].");
        }
    }

    private static string Shape(IReadOnlyList<long> dimensions) =>
        "[" + string.Join(", ", dimensions.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";
}
