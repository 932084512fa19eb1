namespace ModelScale.Profiles.Gguf;

/// <summary>One shard of a (possibly split) GGUF model, as read from disk.</summary>
/// <param name="Path">The shard's path (or display name when read from a stream).</param>
/// <param name="FileSize">The shard's size in bytes.</param>
/// <param name="DataOffset">Where the shard's tensor data starts.</param>
/// <param name="Alignment">The shard's data alignment.</param>
/// <param name="TensorCount">How many tensors the shard holds.</param>
public sealed record GgufSplit(string Path, long FileSize, long DataOffset, int Alignment, int TensorCount);

/// <summary>
/// The header and tensor table of a GGUF model: metadata and tensor shapes, never the weights. For a split model,
/// the tensor tables of all shards are merged and the metadata is the first shard's.
/// </summary>
public sealed class GgufFile
{
    internal GgufFile(
        string path,
        uint version,
        IReadOnlyDictionary<string, GgufValue> metadata,
        IReadOnlyList<GgufTensorInfo> tensors,
        IReadOnlyList<GgufSplit> splits)
    {
        Path = path;
        Version = version;
        Metadata = metadata;
        Tensors = tensors;
        Splits = splits;
        FileSize = splits.Sum(s => s.FileSize);
        DataOffset = splits[0].DataOffset;
        Alignment = splits[0].Alignment;

        Architecture = GetString("general.architecture");
        ChatTemplate = GetString("tokenizer.chat_template");
        if (Architecture is not null)
        {
            BlockCount = GetInt32OrMax($"{Architecture}.block_count");
            ContextLength = GetInt32OrMax($"{Architecture}.context_length");
            EmbeddingLength = GetInt32OrMax($"{Architecture}.embedding_length");
            FeedForwardLength = GetInt32OrMax($"{Architecture}.feed_forward_length");
            HeadCount = GetInt32OrMax($"{Architecture}.attention.head_count");
            HeadCountKv = GetInt32OrMax($"{Architecture}.attention.head_count_kv");
        }

        foreach (var tensor in tensors)
        {
            ParameterCount = checked(ParameterCount + tensor.ElementCount);
            TensorDataBytes = checked(TensorDataBytes + tensor.ByteSize);
        }
    }

    /// <summary>The path given to <see cref="GgufReader.Read(string)"/> (for a split model, the first shard).</summary>
    public string Path { get; }

    /// <summary>The file name used in messages.</summary>
    public string FileName => System.IO.Path.GetFileName(Path);

    public uint Version { get; }

    /// <summary>Total size in bytes; for a split model, the sum over all shards.</summary>
    public long FileSize { get; }

    /// <summary>Where tensor data starts in the (first) file.</summary>
    public long DataOffset { get; }

    /// <summary>general.alignment, or 32 when absent.</summary>
    public int Alignment { get; }

    public IReadOnlyDictionary<string, GgufValue> Metadata { get; }

    public IReadOnlyList<GgufTensorInfo> Tensors { get; }

    /// <summary>The shards read (one entry for an unsplit file).</summary>
    public IReadOnlyList<GgufSplit> Splits { get; }

    /// <summary>How many files the model is split into (1 for an unsplit file).</summary>
    public int SplitCount => Splits.Count;

    /// <summary>general.architecture, e.g. "llama".</summary>
    public string? Architecture { get; }

    /// <summary>tokenizer.chat_template.</summary>
    public string? ChatTemplate { get; }

    public bool HasChatTemplate => !string.IsNullOrEmpty(ChatTemplate);

    /// <summary>{arch}.block_count: the number of layers.</summary>
    public int? BlockCount { get; }

    /// <summary>{arch}.context_length: the context the model was trained with.</summary>
    public int? ContextLength { get; }

    /// <summary>{arch}.embedding_length.</summary>
    public int? EmbeddingLength { get; }

    /// <summary>{arch}.feed_forward_length (the largest, when given per layer).</summary>
    public int? FeedForwardLength { get; }

    /// <summary>{arch}.attention.head_count (the largest, when given per layer).</summary>
    public int? HeadCount { get; }

    /// <summary>{arch}.attention.head_count_kv (the largest, when given per layer).</summary>
    public int? HeadCountKv { get; }

    /// <summary>Sum of the tensors' element counts.</summary>
    public long ParameterCount { get; }

    /// <summary>Sum of the tensors' unpadded data sizes.</summary>
    public long TensorDataBytes { get; }

    /// <summary>The string at <paramref name="key"/>; null when absent; throws <see cref="GgufFormatException"/>
    /// when present with another type.</summary>
    public string? GetString(string key) => Metadata.TryGetValue(key, out var value) ? value.AsString() : null;

    /// <summary>The integer at <paramref name="key"/>; null when absent; throws <see cref="GgufFormatException"/>
    /// when present with a non-integer type.</summary>
    public long? GetInt64(string key) => Metadata.TryGetValue(key, out var value) ? value.AsInt64() : null;

    /// <summary>The number at <paramref name="key"/>; null when absent.</summary>
    public double? GetDouble(string key) => Metadata.TryGetValue(key, out var value) ? value.AsDouble() : null;

    /// <summary>The bool at <paramref name="key"/>; null when absent.</summary>
    public bool? GetBool(string key) => Metadata.TryGetValue(key, out var value) ? value.AsBool() : null;

    /// <summary>The array at <paramref name="key"/>; null when absent.</summary>
    public GgufArray? GetArray(string key) => Metadata.TryGetValue(key, out var value) ? value.AsArray() : null;

    public override string ToString() =>
        $"{FileName}: GGUF v{Version}, {Architecture ?? "no architecture"}, {Tensors.Count} tensors, {ParameterCount:N0} parameters";

    private int? GetInt32OrMax(string key)
    {
        if (!Metadata.TryGetValue(key, out var value))
        {
            return null;
        }

        long result;
        if (value.Value is GgufArray array)
        {
            // Some architectures give a per-layer value; the largest one sizes buffers.
            result = 0;
            foreach (var item in array.Items)
            {
                result = Math.Max(result, new GgufValue(array.ElementType, item) { Origin = value.Origin }.AsInt64());
            }
        }
        else
        {
            result = value.AsInt64();
        }

        if (result is < 0 or > int.MaxValue)
        {
            throw new GgufFormatException($"{value.Origin ?? key} has the impossible value {result:N0}.");
        }

        return (int)result;
    }
}
