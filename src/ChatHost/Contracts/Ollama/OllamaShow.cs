using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelScale.ChatHost.Contracts.Ollama;

/// <summary>POST /api/show: model (or the older name), verbose adds the large metadata arrays (the vocabulary).</summary>
public sealed record OllamaShowRequest
{
    public string? Model { get; init; }

    public string? Name { get; init; }

    public bool? Verbose { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unread { get; init; }
}

/// <summary>What a model is: a Modelfile-like summary, its parameters, chat template, GGUF metadata and capabilities.</summary>
public sealed record OllamaShowResponse(
    string Modelfile,
    string Parameters,
    string Template,
    OllamaModelDetails Details,
    IReadOnlyDictionary<string, object?> ModelInfo,
    IReadOnlyList<string> Capabilities,
    string ModifiedAt,
    string? License);
