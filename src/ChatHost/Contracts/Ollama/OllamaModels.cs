namespace ModelScale.ChatHost.Contracts.Ollama;

/// <summary>What Ollama says about a model's file: format, family, parameter size and quantization level.</summary>
public sealed record OllamaModelDetails(
    string ParentModel,
    string Format,
    string Family,
    IReadOnlyList<string> Families,
    string ParameterSize,
    string QuantizationLevel);

/// <summary>GET /api/tags: the models on disk.</summary>
public sealed record OllamaModelList(IReadOnlyList<OllamaModelEntry> Models);

/// <summary>One model on disk: its name ("id:latest"), file size, modification time and digest.</summary>
public sealed record OllamaModelEntry(
    string Name,
    string Model,
    string ModifiedAt,
    long Size,
    string Digest,
    OllamaModelDetails Details);

/// <summary>GET /api/ps: the models in memory.</summary>
public sealed record OllamaRunningList(IReadOnlyList<OllamaRunningModel> Models);

/// <summary>
/// One resident model: size is what it holds in memory (host and GPU), size_vram the GPU part; expires_at is when the
/// keep-alive unloads it if nobody uses it.
/// </summary>
public sealed record OllamaRunningModel(
    string Name,
    string Model,
    long Size,
    string Digest,
    OllamaModelDetails Details,
    string? ExpiresAt,
    long SizeVram,
    int ContextLength);

/// <summary>GET /api/version.</summary>
/// <param name="Version">The Ollama release whose API this server follows (clients check it for features).</param>
/// <param name="Modelscale">This server's own version.</param>
public sealed record OllamaVersion(string Version, string Modelscale);
