using System.Globalization;
using ModelScale.ChatHost.Contracts.Ollama;
using ModelScale.Profiles.Catalog;
using ModelScale.Profiles.Gguf;

namespace ModelScale.ChatHost.Api.Ollama;

/// <summary>What one model file is, read from its GGUF header: the file, its header, and its digest.</summary>
public sealed record OllamaModelFile(ModelProfile Profile, string Path, long Size, DateTimeOffset ModifiedAt, GgufFile Header, string Digest)
{
    /// <summary>Ollama's details: format gguf, the architecture as family, the parameter count and file type.</summary>
    public OllamaModelDetails Details
    {
        get
        {
            var family = Header.Architecture ?? Profile.Family;
            var fileType = Header.GetInt64("general.file_type") is { } type ? LlamaFileType.Name(type) : Profile.Quantization;
            return new OllamaModelDetails(string.Empty, "gguf", family, [family], ParameterSize(Header.ParameterCount), fileType);
        }
    }

    /// <summary>"8.0B", "494M", "260K", as Ollama writes a parameter count.</summary>
    public static string ParameterSize(long count) => count switch
    {
        >= 1_000_000_000 => string.Create(CultureInfo.InvariantCulture, $"{count / 1e9:0.0}B"),
        >= 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{count / 1e6:0}M"),
        >= 1_000 => string.Create(CultureInfo.InvariantCulture, $"{count / 1e3:0}K"),
        _ => count.ToString(CultureInfo.InvariantCulture),
    };
}
