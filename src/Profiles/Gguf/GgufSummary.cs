using HumanCount = ModelScale.Profiles.Units.ParameterCount;

namespace ModelScale.Profiles.Gguf;

/// <summary>
/// What a person wants to know about a GGUF model before running it: its shape, size and quantization, read from the
/// header alone. <see cref="From"/> is a pure function of the <see cref="GgufFile"/>. Strings taken from the file
/// are made printable (<see cref="GgufText.Printable"/>), so no view of them can carry a terminal escape.
/// </summary>
public sealed record GgufSummary
{
    public required string Path { get; init; }

    /// <summary>Bytes on disk; for a split model, all parts together.</summary>
    public required long FileSizeBytes { get; init; }

    public required uint Version { get; init; }

    /// <summary>general.name.</summary>
    public string? Name { get; init; }

    /// <summary>general.architecture, e.g. "llama".</summary>
    public string? Architecture { get; init; }

    public required long ParameterCount { get; init; }

    /// <summary>The parameter count as people write it: "1.24 B".</summary>
    public string Parameters => HumanCount.Format(ParameterCount);

    /// <summary>Tensors and bytes per ggml type, most bytes first.</summary>
    public required IReadOnlyList<GgufTypeShare> TensorTypes { get; init; }

    /// <summary>The type that holds the most bytes; null for a file without tensors.</summary>
    public GgmlType? DominantType => TensorTypes.Count == 0 ? null : TensorTypes[0].Type;

    /// <summary>The name of general.file_type ("Q4_K_M"); null when the file does not declare it.</summary>
    public string? FileType { get; init; }

    /// <summary>{arch}.block_count: the number of layers.</summary>
    public int? BlockCount { get; init; }

    public int? EmbeddingLength { get; init; }

    public int? FeedForwardLength { get; init; }

    public int? HeadCount { get; init; }

    public int? HeadCountKv { get; init; }

    /// <summary>{arch}.attention.key_length, or the embedding width over the head count.</summary>
    public int? HeadDimension { get; init; }

    /// <summary>{arch}.vocab_size, or the length of tokenizer.ggml.tokens.</summary>
    public long? VocabularySize { get; init; }

    /// <summary>{arch}.context_length: the context the model was trained with.</summary>
    public int? ContextLength { get; init; }

    /// <summary>{arch}.rope.freq_base, when the file sets it.</summary>
    public double? RopeFreqBase { get; init; }

    public required bool HasChatTemplate { get; init; }

    public required int SplitCount { get; init; }

    public required int TensorCount { get; init; }

    public required long TensorDataBytes { get; init; }

    /// <summary>Why llama.cpp could not run the file (vocab only, truncated, ...); null when the header sees no reason.</summary>
    public string? LoadProblem { get; init; }

    /// <exception cref="GgufFormatException">A metadata key this summary reads has the wrong type.</exception>
    public static GgufSummary From(GgufFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var arch = file.Architecture;
        var types = file.Tensors
            .GroupBy(t => t.Type)
            .Select(g => new GgufTypeShare(g.Key, g.Count(), g.Sum(t => t.ByteSize)))
            .OrderByDescending(s => s.Bytes)
            .ThenByDescending(s => s.TensorCount)
            .ThenBy(s => s.Type)
            .ToList();

        return new GgufSummary
        {
            Path = GgufText.Printable(file.Path, 4096),
            FileSizeBytes = file.FileSize,
            Version = file.Version,
            Name = file.GetString("general.name") is { } name ? GgufText.Printable(name) : null,
            Architecture = arch is null ? null : GgufText.Printable(arch),
            ParameterCount = file.ParameterCount,
            TensorTypes = types,
            FileType = file.GetInt64("general.file_type") is { } fileType ? LlamaFileType.Name(fileType) : null,
            BlockCount = file.BlockCount,
            EmbeddingLength = file.EmbeddingLength,
            FeedForwardLength = file.FeedForwardLength,
            HeadCount = file.HeadCount,
            HeadCountKv = file.HeadCountKv,
            HeadDimension = ReadHeadDimension(file),
            VocabularySize = (arch is null ? null : file.GetInt64($"{arch}.vocab_size")) ?? file.GetArray("tokenizer.ggml.tokens")?.Count,
            ContextLength = file.ContextLength,
            RopeFreqBase = arch is null ? null : file.GetDouble($"{arch}.rope.freq_base"),
            HasChatTemplate = file.HasChatTemplate,
            SplitCount = file.SplitCount,
            TensorCount = file.Tensors.Count,
            TensorDataBytes = file.TensorDataBytes,
            LoadProblem = FindLoadProblem(file),
        };
    }

    private static int? ReadHeadDimension(GgufFile file)
    {
        if (file.Architecture is { } arch && file.GetInt64($"{arch}.attention.key_length") is { } keyLength and > 0 and <= int.MaxValue)
        {
            return (int)keyLength;
        }

        return file is { EmbeddingLength: { } embedding, HeadCount: > 0 and var heads } && embedding % heads == 0
            ? embedding / heads
            : null;
    }

    private static string? FindLoadProblem(GgufFile file)
    {
        try
        {
            GgufInferenceCheck.EnsureRunnable(file);
            return null;
        }
        catch (GgufFormatException ex)
        {
            return ex.Message;
        }
    }
}
