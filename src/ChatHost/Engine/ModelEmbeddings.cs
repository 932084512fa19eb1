using LLama;
using LLama.Common;
using LLama.Native;
using ModelScale.Profiles.Errors;

namespace ModelScale.ChatHost.Engine;

/// <summary>
/// llama.cpp's pooled embeddings of a resident model: a separate, small context made for the request on the model's
/// own weights (Embeddings on, mean pooling, one batch that holds a whole input), freed when the request ends. The
/// weights are shared, so no second copy of the model is loaded; the chat context and its KV cache are left alone.
/// </summary>
internal static class ModelEmbeddings
{
    /// <summary>The longest input in tokens (or the model's context when that is shorter).</summary>
    public const int MostTokens = 2048;

    public static async Task<(IReadOnlyList<float[]> Vectors, int Tokens)> EmbedAsync(LoadedModel model, IReadOnlyList<string> inputs, CancellationToken cancellationToken)
    {
        var context = (uint)Math.Min(MostTokens, model.ContextLength);
        var parameters = new ModelParams(model.Request.Path)
        {
            ContextSize = context,
            BatchSize = context,
            UBatchSize = context,
            Embeddings = true,
            PoolingType = LLamaPoolingType.Mean,
            Threads = model.Threads,
        };

        using var embedder = new LLamaEmbedder(model.Weights, parameters);
        var vectors = new List<float[]>(inputs.Count);
        var tokens = 0;
        for (var i = 0; i < inputs.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = model.Weights.Tokenize(inputs[i], add_bos: true, special: false, System.Text.Encoding.UTF8).Length;
            if (count > context)
            {
                throw new ModelScaleException(
                    ErrorKind.BadInput,
                    $"Input {i} has {count} tokens but '{model.Id}' embeds at most {context}; shorten it or split it.",
                    innerException: null,
                    "context_length_exceeded",
                    "input");
            }

            var pooled = await embedder.GetEmbeddings(inputs[i], cancellationToken);
            vectors.Add(Normalized(pooled[0]));
            tokens += count;
        }

        return (vectors, tokens);
    }

    /// <summary>Scaled to length 1, as OpenAI's are (cosine similarity is then a dot product).</summary>
    private static float[] Normalized(float[] vector)
    {
        var length = Math.Sqrt(vector.Sum(v => (double)v * v));
        return length == 0 ? vector : [.. vector.Select(v => (float)(v / length))];
    }
}
