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
/// <para>
/// The context costs memory of its own: f16 KV for <see cref="ContextSize"/> tokens and a compute buffer for a
/// micro-batch of the whole context, which holds f32 logits for every token of it (llama.cpp computes the output head
/// for every token in an embeddings batch). Measured on this machine's CPU build: 2.5 MiB for the tests' tiny model at
/// 512 tokens, 15.3 MiB for stories260K at 2048, 258.3 MiB for llama-2-tiny-random (32,000 tokens of vocabulary) at
/// 2048, where its chat context costs 63.7 MiB; a 128k-vocabulary model at 2048 would add about 1 GiB.
/// </para>
/// <para>
/// It is accounted when it is opened, not reserved in every plan: as with llama-server, where embeddings are asked for
/// (--embeddings) and cost nothing otherwise, a model only chatted with keeps all of its memory for chat (GPU layers and
/// context). The plan says what it would add and whether that fits beside the model
/// (<see cref="ModelScale.Profiles.Planning.OffloadPlan.Embeddings"/>, shown by the plan verb and /api/plan). Before the
/// context is made, the engine checks that prediction: a context that does not fit beside the model's plan, or in the
/// memory budget beside the models in use (idle ones are unloaded first, as for a load), is refused with a 503 and an
/// "insufficient_memory" error, and nothing is allocated. Once made, it counts in the model's <see cref="LoadedModel.Cost"/>
/// (so a later load makes room for it) and in the size /api/ps reports.
/// </para>
/// </remarks>
internal sealed class ModelEmbeddings(LoadedModel model, Func<LoadedModel, CancellationToken, Task>? reserve = null) : IDisposable
{
    /// <summary>The longest input in tokens (or the model's context when that is shorter).</summary>
    public const int MostTokens = 2048;

    // Two locks, so that reading what the context costs never waits on llama.cpp: the engine reads Cost under its own
    // resident lock (for /api/ps, every lease, every release), and a decode of a long input or the making of the
    // context can take a while. _native is held across those native calls and guards _context; _state guards the
    // bookkeeping and is never held across a native call. Order: _native, then _state, never the other way.
    private readonly Lock _native = new();
    private readonly Lock _state = new();

    // One caller at a time reserves and makes the context: a second request waits for the first instead of taking its
    // reservation as its own (which the first would undo if it were cancelled or refused). Never disposed: it has no
    // wait handle, and a caller may still be waiting on it when the model goes.
    private readonly SemaphoreSlim _creating = new(1, 1);
    private LLamaContext? _context;
    private MeasuredBuffers _buffers = MeasuredBuffers.None;
    private bool _created;
    private bool _reserved;
    private bool _disposed;

    /// <summary>The longest input, in tokens, that this model embeds.</summary>
    public int ContextSize => Math.Min(MostTokens, model.ContextLength);

    /// <summary>Whether the embeddings context has been made (for tests and diagnostics).</summary>
    public bool IsCreated
    {
        get
        {
            lock (_state)
            {
                return _created;
            }
        }
    }

    /// <summary>Whether the engine has counted the context's memory (from just before it is made until the model goes).</summary>
    public bool IsReserved
    {
        get
        {
            lock (_state)
            {
                return _reserved || _created;
            }
        }
    }

    /// <summary>
    /// What the context holds in memory once reserved: the plan's prediction when the model was planned (as its chat
    /// part is counted), else what llama.cpp reported; nothing before.
    /// </summary>
    public ModelCost Cost
    {
        get
        {
            if (!IsReserved)
            {
                return ModelCost.None;
            }

            if (model.Plan?.Embeddings is { } planned)
            {
                return ModelCost.From(planned);
            }

            var measured = Buffers;
            return new ModelCost(measured.HostBytes, measured.DeviceBytes > 0 ? [measured.DeviceBytes] : []);
        }
    }

    /// <summary>Counts the context as held; the engine calls it, under its own lock, once the memory is found.</summary>
    internal void MarkReserved()
    {
        lock (_state)
        {
            _reserved = true;
        }
    }

    /// <summary>What llama.cpp reported allocating for the embeddings context; none until it is made.</summary>
    public MeasuredBuffers Buffers
    {
        get
        {
            lock (_state)
            {
                return _created ? _buffers : MeasuredBuffers.None;
            }
        }
    }

    /// <summary>What a decode and the making of the context hold while llama.cpp runs (for tests: nothing else may wait on it).</summary>
    internal Lock NativeLock => _native;

    /// <summary>One vector per input, scaled to length 1, and the tokens they took; an input too long is refused.</summary>
    /// <exception cref="ModelScaleException">An input is longer than <see cref="ContextSize"/> (nothing is computed then).</exception>
    public Task<(IReadOnlyList<float[]> Vectors, int Tokens)> EmbedAsync(IReadOnlyList<string> inputs, CancellationToken cancellationToken) =>
        EmbedAsync(inputs, truncate: false, cancellationToken);

    /// <summary>One vector per input, scaled to length 1, and the tokens they took.</summary>
    /// <param name="inputs">The texts.</param>
    /// <param name="truncate">
    /// Whether an input longer than <see cref="ContextSize"/> is cut to its first tokens (as Ollama's /api/embed does by
    /// default), keeping the end-of-text token the tokenizer appends (a BERT model's [SEP]); otherwise it is refused.
    /// </param>
    /// <param name="cancellationToken">Stops before the next input.</param>
    /// <exception cref="ModelScaleException">An input is longer than <see cref="ContextSize"/> and <paramref name="truncate"/> is false (nothing is computed then).</exception>
    public async Task<(IReadOnlyList<float[]> Vectors, int Tokens)> EmbedAsync(IReadOnlyList<string> inputs, bool truncate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ThrowIfDisposed();

        var tokenized = new List<LLamaToken[]>(inputs.Count);
        for (var i = 0; i < inputs.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var tokens = model.Weights.Tokenize(inputs[i], add_bos: true, special: false, System.Text.Encoding.UTF8);
            if (tokens.Length > ContextSize && !truncate)
            {
                throw new ModelScaleException(
                    ErrorKind.BadInput,
                    $"Input {i} has {tokens.Length} tokens but '{model.Id}' embeds at most {ContextSize}; shorten it or split it.",
                    innerException: null,
                    "context_length_exceeded",
                    "input");
            }

            tokenized.Add(tokens.Length > ContextSize ? Truncated(tokens) : tokens);
        }

        if (!IsCreated)
        {
            await CreateAsync(cancellationToken);
        }

        var vectors = new List<float[]>(inputs.Count);
        foreach (var tokens in tokenized)
        {
            cancellationToken.ThrowIfCancellationRequested();
            vectors.Add(await model.Compute.RunAsync(() => Embed(tokens)));
        }

        return (vectors, tokenized.Sum(t => t.Length));
    }

    /// <summary>
    /// Has the engine find the memory (it throws when there is none), then makes the context and keeps what llama.cpp
    /// reported allocating. One caller at a time; a failure undoes only the reservation this call made.
    /// </summary>
    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        await _creating.WaitAsync(cancellationToken);
        var reservedHere = false;
        try
        {
            if (IsCreated)
            {
                return;
            }

            ThrowIfDisposed();
            if (reserve is not null)
            {
                reservedHere = !IsReserved;
                await reserve(model, cancellationToken);
            }

            // Making the context logs llama.cpp's buffer lines; it waits for its turn so that they never land in a
            // load's measured buffers (BufferLog captures one load at a time).
            using var capture = await BufferLog.BeginAsync(cancellationToken);
            NativeLog.ClearLastError();
            if (await model.Compute.RunAsync(EnsureCreated))
            {
                // Published once made, with what it took, so that no one sees it made and costing nothing.
                lock (_state)
                {
                    _buffers = capture.Buffers;
                    _created = !_disposed;
                }
            }
        }
        catch (Exception ex)
        {
            lock (_state)
            {
                if (reservedHere && !_created)
                {
                    _reserved = false;
                }
            }

            if (ex is LLama.Exceptions.RuntimeError)
            {
                var detail = NativeLog.LastError.Length > 0 ? NativeLog.LastError : ex.Message;
                throw new ModelScaleException(
                    ErrorKind.Busy,
                    $"llama.cpp could not make the embeddings context of '{model.Id}' ({detail}); there may not be enough free memory beside the model.",
                    ex,
                    "insufficient_memory",
                    "model");
            }

            throw;
        }
        finally
        {
            _creating.Release();
        }
    }

    public void Dispose()
    {
        lock (_state)
        {
            _disposed = true;
            _created = false;
        }

        // Waits for a decode or a making of the context under way, which see _disposed next time.
        lock (_native)
        {
            _context?.Dispose();
            _context = null;
        }
    }

    /// <summary>Makes the context if it is not there yet; true when this call made it. Runs on the inference thread.</summary>
    private bool EnsureCreated()
    {
        lock (_native)
        {
            ThrowIfDisposed();
            if (_context is not null)
            {
                return false;
            }

            _context = Create();
            return true;
        }
    }

    /// <summary>The first tokens that fit, and the end-of-text token the tokenizer appended, if it appended one.</summary>
    /// <remarks>
    /// The text is tokenized without parsing special tokens, so a last token that is EOS or SEP can only be one the
    /// tokenizer appended (a WordPiece vocabulary appends [SEP] whatever its add_eos flag says).
    /// </remarks>
    private LLamaToken[] Truncated(LLamaToken[] tokens)
    {
        var vocab = model.Weights.Vocab;
        var appended = tokens[^1] == vocab.EOS || tokens[^1] == vocab.SEP;
        return appended ? [.. tokens[..(ContextSize - 1)], tokens[^1]] : tokens[..ContextSize];
    }

    /// <summary>One input's pooled vector. Runs on the inference thread.</summary>
    private float[] Embed(LLamaToken[] tokens)
    {
        lock (_native)
        {
            ThrowIfDisposed();
            var context = _context ?? throw new InvalidOperationException("The embeddings context was not made before use.");
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

    private void ThrowIfDisposed()
    {
        lock (_state)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
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
