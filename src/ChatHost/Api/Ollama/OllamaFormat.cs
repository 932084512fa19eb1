using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine.Decoding.Grammar;

namespace ModelScale.ChatHost.Api.Ollama;

/// <summary>
/// Ollama's format: "json" (any JSON object) or a JSON Schema object (structured output), both run as a grammar by
/// the engine. A schema the grammar cannot express is refused here, naming the keyword, before any model loads.
/// </summary>
public static class OllamaFormat
{
    public static (ChatResponseFormat? Format, OllamaFailure? Failure) From(JsonElement? value)
    {
        if (value is not { } format || format.ValueKind == JsonValueKind.Null)
        {
            return (null, null);
        }

        if (format.ValueKind == JsonValueKind.String)
        {
            return JsonText.Read(format) switch
            {
                "" => (null, null),
                "json" => (ChatResponseFormat.Json, null),
                var other => (null, OllamaFailure.BadRequest($"'format' must be \"json\" or a JSON Schema object, not \"{other}\".")),
            };
        }

        if (format.ValueKind != JsonValueKind.Object)
        {
            return (null, OllamaFailure.BadRequest("'format' must be \"json\" or a JSON Schema object."));
        }

        try
        {
            // Checked now; the engine builds the same grammar again from the format when it answers.
            _ = JsonSchemaGrammar.FromSchema(format);
        }
        catch (UnsupportedSchemaException ex)
        {
            return (null, OllamaFailure.BadRequest($"format: {ex.Message}"));
        }

        return (ChatResponseFormat.ForJsonSchema(format.Clone()), null);
    }
}
