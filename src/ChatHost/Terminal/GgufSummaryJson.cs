using ModelScale.Profiles.Gguf;

namespace ModelScale.ChatHost.Terminal;

/// <summary>The machine-readable form of a <see cref="GgufSummary"/> (`modelscale inspect --json`). Field names are stable.</summary>
public sealed record GgufSummaryJson(
    string Path,
    long FileSizeBytes,
    uint GgufVersion,
    string? Name,
    string? Architecture,
    long ParameterCount,
    string Parameters,
    string? FileType,
    string? DominantType,
    IReadOnlyList<GgufSummaryJson.TypeShare> TensorTypes,
    int? BlockCount,
    int? EmbeddingLength,
    int? FeedForwardLength,
    int? HeadCount,
    int? HeadCountKv,
    int? HeadDimension,
    long? VocabularySize,
    int? ContextLength,
    double? RopeFreqBase,
    bool HasChatTemplate,
    int SplitCount,
    int TensorCount,
    long TensorDataBytes,
    string? LoadProblem)
{
    public static GgufSummaryJson From(GgufSummary s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new GgufSummaryJson(
            s.Path,
            s.FileSizeBytes,
            s.Version,
            s.Name,
            s.Architecture,
            s.ParameterCount,
            s.Parameters,
            s.FileType,
            s.DominantType?.ToString(),
            s.TensorTypes.Select(t => new TypeShare(t.Type.ToString(), t.TensorCount, t.Bytes)).ToList(),
            s.BlockCount,
            s.EmbeddingLength,
            s.FeedForwardLength,
            s.HeadCount,
            s.HeadCountKv,
            s.HeadDimension,
            s.VocabularySize,
            s.ContextLength,
            s.RopeFreqBase,
            s.HasChatTemplate,
            s.SplitCount,
            s.TensorCount,
            s.TensorDataBytes,
            s.LoadProblem);
    }

    /// <summary>The tensors of one ggml type ("Q4_K", "F32") and their data bytes.</summary>
    public sealed record TypeShare(string Type, int TensorCount, long Bytes);
}
