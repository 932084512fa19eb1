namespace ModelScale.Profiles.Catalog;

/// <summary>One model the user can pick: a catalog entry or an ad-hoc GGUF file.</summary>
public sealed record ModelProfile
{
    /// <summary>The context length used when a profile does not declare one.</summary>
    public const int DefaultContextLength = 4096;

    /// <summary>The family and quantization of a profile that does not declare them.</summary>
    public const string Unknown = "unknown";

    public required string Id { get; init; }

    public required string DisplayName { get; init; }

    public string Family { get; init; } = Unknown;

    /// <summary>The parameter count from the model card, when known.</summary>
    public long? Parameters { get; init; }

    public string Quantization { get; init; } = Unknown;

    public ModelSource? Source { get; init; }

    /// <summary>A local GGUF file; absolute once loaded. When set it wins over the models folder.</summary>
    public string? Path { get; init; }

    /// <summary>The exact file size, or null when it is not known exactly.</summary>
    public long? SizeBytes { get; init; }

    /// <summary>The file's SHA-256 in lowercase hex, or null when it is not known.</summary>
    public string? Sha256 { get; init; }

    /// <summary>A human, approximate size such as "42.52 GB"; never used for checks.</summary>
    public string? ApproximateSize { get; init; }

    public int ContextLength { get; init; } = DefaultContextLength;

    /// <summary>A llama.cpp built-in template name ("chatml", "llama3", ...) or a full Jinja template; null uses the model's own.</summary>
    public string? ChatTemplate { get; init; }

    public string? License { get; init; }

    /// <summary>Set when the tier is served by another engine over an OpenAI-compatible API; then there is no file.</summary>
    public RemoteEndpoint? Remote { get; init; }

    /// <summary>Whether the tier runs elsewhere (see <see cref="Remote"/>).</summary>
    public bool IsRemote => Remote is not null;

    /// <summary>
    /// The id of a built-in model shape (<see cref="Synthetic.ModelShapes"/>) the file has, so the profile can be planned
    /// before it is downloaded; null when unknown.
    /// </summary>
    public string? Shape { get; init; }

    /// <summary>The full path of the catalog file that declared the profile; null for an ad-hoc profile.</summary>
    public string? DeclaredIn { get; init; }

    /// <summary>True for a profile made from a file path rather than read from a catalog.</summary>
    public bool IsAdHoc { get; init; }

    /// <summary>Makes an ad-hoc profile for any GGUF file: the id is the file name without its extension.</summary>
    public static ModelProfile FromFile(string ggufPath, int contextLength = DefaultContextLength)
        => FromFile(ggufPath, contextLength, family: null, quantization: null);

    /// <summary>Makes an ad-hoc profile for any GGUF file, with a family and quantization when the caller knows them.</summary>
    public static ModelProfile FromFile(string ggufPath, int contextLength, string? family, string? quantization)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ggufPath);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(contextLength);
        Files.InputFile.Ensure(ggufPath, "GGUF model", sentence => new CatalogException(sentence));

        var fullPath = System.IO.Path.GetFullPath(ggufPath);
        var fileName = System.IO.Path.GetFileName(fullPath);
        return new ModelProfile
        {
            Id = System.IO.Path.GetFileNameWithoutExtension(fileName),
            DisplayName = fileName,
            Family = string.IsNullOrWhiteSpace(family) ? Unknown : family,
            Quantization = string.IsNullOrWhiteSpace(quantization) ? Unknown : quantization,
            Path = fullPath,
            ContextLength = contextLength,
            IsAdHoc = true,
        };
    }
}
