using ModelScale.Profiles.Gguf;

namespace ModelScale.Profiles.Synthetic;

/// <summary>
/// Writes a GGUF model of a given <see cref="ModelShape"/> and <see cref="QuantizationScheme"/>, with llama.cpp's
/// metadata keys and tensor names. Header-only files (metadata and tensor table, no data) are tiny and are for planning;
/// files with data hold random quantized weights (see <see cref="SyntheticWeights"/>) that llama.cpp loads and runs, for
/// benchmarks. Copying a donor's tokenizer (<see cref="TokenizerDonor"/>) is what lets llama.cpp load the file.
/// </summary>
public sealed class SyntheticGgufWriter
{
    /// <summary>general.quantization_version, as llama.cpp's quantizer writes it (GGML_QNT_VERSION).</summary>
    public const uint QuantizationVersion = 2;

    /// <summary>The seed of the random weights when none is given.</summary>
    public const int DefaultSeed = 42;

    private readonly IReadOnlyList<ShapeTensor> _tensors;

    /// <summary>
    /// Throws <see cref="ArgumentException"/> for an impossible shape and <see cref="SyntheticModelException"/> when the
    /// tokenizer's vocabulary is not the shape's.
    /// </summary>
    public SyntheticGgufWriter(ModelShape shape, QuantizationScheme scheme, TokenizerDonor? tokenizer = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(scheme);
        _tensors = TensorLayout.Of(shape);
        if (tokenizer is not null && tokenizer.VocabSize != shape.VocabSize)
        {
            throw new SyntheticModelException(
                $"The tokenizer of '{tokenizer.FileName}' has {tokenizer.VocabSize:N0} tokens, but {shape.Name} has a vocabulary of {shape.VocabSize:N0}; copy a tokenizer of that size or pick a shape with {tokenizer.VocabSize:N0} tokens.");
        }

        Shape = shape;
        Scheme = scheme;
        Tokenizer = tokenizer;
    }

    public ModelShape Shape { get; }

    public QuantizationScheme Scheme { get; }

    public TokenizerDonor? Tokenizer { get; }

    /// <summary>The seed of the random weights; the same seed gives the same bytes.</summary>
    public int Seed { get; init; } = DefaultSeed;

    /// <summary>The tensor table the file will have, with each tensor's type, offset and size.</summary>
    public IReadOnlyList<GgufTensorInfo> Tensors => CreateWriter(random: null).Tensors;

    /// <summary>Writes the metadata and tensor table only: a planning file llama.cpp will refuse to load.</summary>
    public void WriteHeaderOnly(string path) => WriteAtomically(path, WriteHeaderOnly);

    /// <inheritdoc cref="WriteHeaderOnly(string)"/>
    public void WriteHeaderOnly(Stream stream) => CreateWriter(random: null).WriteHeaderOnly(stream);

    /// <summary>The header-only file as it would read back, built in memory: enough to plan and inspect without a file.</summary>
    public GgufFile ReadHeader(string name)
    {
        using var stream = new MemoryStream();
        WriteHeaderOnly(stream);
        stream.Position = 0;
        return GgufReader.Read(stream, name);
    }

    /// <summary>
    /// Writes the whole model with random weights, streaming one chunk at a time. Throws
    /// <see cref="SyntheticModelException"/> when the scheme stores a tensor in a type <see cref="SyntheticWeights"/> cannot fill.
    /// </summary>
    public void Write(string path)
    {
        EnsureFillable();
        WriteAtomically(path, Write);
    }

    /// <inheritdoc cref="Write(string)"/>
    public void Write(Stream stream)
    {
        EnsureFillable();
        CreateWriter(new Random(Seed)).Write(stream);
    }

    private void EnsureFillable()
    {
        foreach (var tensor in _tensors)
        {
            var type = Scheme.TypeOf(tensor, Shape);
            if (!SyntheticWeights.CanFill(type))
            {
                throw new SyntheticModelException(
                    $"Random weights are made only in {SyntheticWeights.FillableTypes}, but {Scheme.Id} stores '{tensor.Name}' as {type}; use the q4_0 or q4_k_m scheme, or write the header only.");
            }
        }
    }

    private GgufWriter CreateWriter(Random? random)
    {
        var arch = Shape.Architecture;
        var writer = new GgufWriter()
            .Add("general.architecture", arch)
            .Add("general.name", Shape.Name)
            .Add("general.description", $"The shape of {Shape.Name} with made-up weights, written by ModelScale; not a trained model.")
            .Add("general.file_type", Scheme.FileType)
            .Add("general.quantization_version", QuantizationVersion)
            .Add($"{arch}.vocab_size", (uint)Shape.VocabSize)
            .Add($"{arch}.context_length", (uint)Shape.ContextLength)
            .Add($"{arch}.embedding_length", (uint)Shape.EmbeddingLength)
            .Add($"{arch}.block_count", (uint)Shape.BlockCount)
            .Add($"{arch}.feed_forward_length", (uint)Shape.FeedForwardLength)
            .Add($"{arch}.attention.head_count", (uint)Shape.HeadCount)
            .Add($"{arch}.attention.head_count_kv", (uint)Shape.HeadCountKv)
            .Add($"{arch}.attention.layer_norm_rms_epsilon", Shape.RmsNormEps)
            .Add($"{arch}.rope.freq_base", Shape.RopeFreqBase)
            .Add($"{arch}.rope.dimension_count", (uint)Shape.HeadDim);
        foreach (var (key, value) in Tokenizer?.Metadata ?? [])
        {
            writer.Add(key, value);
        }

        foreach (var tensor in _tensors)
        {
            var type = Scheme.TypeOf(tensor, Shape);
            Action<GgufTensorInfo, Stream>? data = random is null
                ? null
                : (_, stream) => SyntheticWeights.Write(tensor, type, Shape, random, stream);
            writer.AddTensor(tensor.Name, tensor.Dimensions, type, data);
        }

        return writer;
    }

    /// <summary>Writes to a .partial file beside <paramref name="path"/> and renames it, so a failed write leaves nothing behind.</summary>
    private static void WriteAtomically(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var partial = path + ".partial";
        try
        {
            using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 20))
            {
                write(stream);
            }

            File.Move(partial, path, overwrite: true);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }
}
