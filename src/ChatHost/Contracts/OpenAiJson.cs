using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelScale.ChatHost.Contracts;

/// <summary>
/// JSON as the OpenAI API writes it: snake_case names, nulls left out. Reading is strict about types (a number in
/// quotes is a wrong type, as it is for OpenAI) and ignores fields it does not know.
/// </summary>
public static class OpenAiJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNameCaseInsensitive = false,

        // Answers are read by programs, never pasted into HTML: keep quotes and non-ASCII text as they are.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
