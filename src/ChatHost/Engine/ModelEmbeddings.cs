using LLama;
using LLama.Common;
using LLama.Native;
using ModelScale.Profiles.Errors;

namespace ModelScale.ChatHost.Engine;

/// <summary>
/// llama.cpp's pooled embeddings of a resident model: one small context of its own on the model's weights (Embeddings
/// on; the pooling the GGUF declares, else mean; one batch holds a whole input), made at the first embeddings request
/// and kept until the model is unloaded. The weights are shared, so no second copy of the model is loaded, and the chat
/// context and its KV cache are left alone. Each input is tokenized once, and every llama.cpp call runs on the engine's
/// inference thread, one input at a time, between the chat decode steps.
/// </summary>
/// <remarks>
/// The context is not in the memory plan: it is made only for a model that is asked for embeddings, and holds the KV
/// cache and compute buffer of <see cref="ContextSize"/> tokens (for a 1B model at 2048 tokens, about 64 MiB of KV and a
/// compute buffer of the same order).
/// </remarks>
internal sealed class ModelEmbeddings(LoadedModel model) : IDisposable
{
    /// <summary>The longest input in tokens (or the model's context when that is shorter).</summary>
    public const int MostTokens = 2048;

    private readonly Lock _lock = new();
    private LLamaContext? _context;
    private bool _disposed;

    /// <summary>The longest input, in tokens, that this model embeds.</summary>
    public int ContextSize => Math.Min(MostTokens, model.ContextLength);

    /// <summary>Whether the embeddings context has been made (for tests and diagnostics).</summary>
    public bool IsCreated
    {
        get
        {
            lock (_lock)
            {
                return _context is not null;
            }
        }
    }

    /// <summary>One vector per input, scaled to length 1, and the tokens they took.</summary>
    /// <exception cref="ModelScaleException">An input is longer than <see cref="ContextSize"/> (nothing is computed then).</exception>
    public async Task<(IReadOnlyList<float[]> Vectors, int Tokens)> EmbedAsync(IReadOnlyList<string> inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
        }

        var tokenized = new List<LLamaToken[]>(inputs.Count);
        for (var i = 0; i < inputs.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var tokens = model.Weights.Tokenize(inputs[i], add_bos: true, special: false, System.Text.Encoding.UTF8);
            if (tokens.Length > ContextSize)
            {
                throw new ModelScaleException(
                    ErrorKind.BadInput,
                    $"Input {i} has {tokens.Length} tokens but '{model.Id}' embeds at most {ContextSize}; shorten it or split it.",
                    innerException: null,
                    "context_length_exceeded",
                    "input");
            }

            tokenized.Add(tokens);
        }

        if (!IsCreated)
        {
            // Making the context logs llama.cpp's buffer lines; it waits for its turn so that they never land in a
            // load's measured buffers (BufferLog captures one load at a time).
            using var capture = await BufferLog.BeginAsync(cancellationToken);
            await model.Compute.RunAsync(EnsureCreated);
        }

        var vectors = new List<float[]>(inputs.Count);
        foreach (var tokens in tokenized)
        {
            cancellationToken.ThrowIfCancellationRequested();
            vectors.Add(await model.Compute.RunAsync(() => Embed(tokens)));
        }

        return (vectors, tokenized.Sum(t => t.Length));
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _context?.Dispose();
            _context = null;
        }
    }

    /// <summary>Makes the context if it is not there yet. Runs on the inference thread.</summary>
    private bool EnsureCreated()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _context ??= Create();
            return true;
        }
    }

    /// <summary>One input's pooled vector. Runs on the inference thread.</summary>
    private float[] Embed(LLamaToken[] tokens)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var context = _context ??= Create();
            context.NativeHandle.MemoryClear(true);
            var batch = new LLamaBatch();
            batch.AddRange(tokens, 0, LLamaSeqId.Zero, true);
            var handle = context.NativeHandle;
            if (handle.ModelHandle is { HasEncoder: true, HasDecoder: false })
            {
                var encoded = context.Encode(batch);
                if (encoded != EncodeResult.Ok)
                {
                    throw new InvalidOperationException($"llama.cpp could not encode the input for embeddings ({encoded}).");
                }
            }
            else
            {
                var decoded = context.Decode(batch);
                if (decoded != DecodeResult.Ok)
                {
                    throw new InvalidOperationException($"llama.cpp could not evaluate the input for embeddings ({decoded}).");
                }
            }

            return Normalized(handle.GetEmbeddingsSeq(LLamaSeqId.Zero).ToArray());
        }
    }

    private LLamaContext Create()
    {
        var size = (uint)ContextSize;

        var parameters = new ModelParams(model.Request.Path)
        {
            ContextSize = size,
            BatchSize = size,
            UBatchSize = size,
            Embeddings = true,
            PoolingType = Pooling(),
            Threads = model.Threads,
        };
        return model.Weights.CreateContext(parameters);
    }

    /// <summary>
    /// How the vectors are pooled. A model made for embeddings says so (mean, CLS, last) and llama.cpp follows it; a chat
    /// model says nothing, or none, and gets mean. A reranker's "rank" pooling gives a score, not a vector (llama.cpp
    /// keeps fewer floats than the embedding width, which reading a vector would run past), so it is refused.
    /// </summary>
    private LLamaPoolingType Pooling()
    {
        var declared = model.Weights.Metadata.FirstOrDefault(m => m.Key.EndsWith(".pooling_type", StringComparison.Ordinal)).Value;
        return int.TryParse(declared, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var kind) ? kind switch
        {
            (int)LLamaPoolingType.Mean or (int)LLamaPoolingType.CLS or (int)LLamaPoolingType.Last => LLamaPoolingType.Unspecified,
            (int)LLamaPoolingType.Rank => throw new ModelScaleException(ErrorKind.BadInput, $"'{model.Id}' is a reranker (its pooling is rank): it scores pairs of texts and gives no embeddings.", innerException: null, "invalid_model", "model"),
            _ => LLamaPoolingType.Mean,
        } : LLamaPoolingType.Mean;
    }

    /// <summary>Scaled to length 1, as OpenAI's are (cosine similarity is then a dot product).</summary>
    private static float[] Normalized(float[] vector)
    {
        var length = Math.Sqrt(vector.Sum(v => (double)v * v));
        return length == 0 ? vector : [.. vector.Select(v => (float)(v / length))];
    }
}
