using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelScale.ChatHost.Contracts.Ollama;

/// <summary>
/// JSON as the Ollama API writes it: snake_case names, empty fields left out (Go's omitempty), strict about types when
/// reading. Unknown request fields land in each request's <c>Unread</c> and are refused by name.
/// </summary>
public static class OllamaJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNameCaseInsensitive = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The media type of a streamed answer: one JSON object per line.</summary>
    public const string NdJson = "application/x-ndjson";
}
