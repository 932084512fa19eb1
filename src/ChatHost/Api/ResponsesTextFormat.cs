using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine.Decoding.Grammar;

namespace ModelScale.ChatHost.Api;

/// <summary>
/// text.format of a Responses request: {"type": "text"} (the default), {"type": "json_object"}, or {"type":
/// "json_schema", name, schema, strict, description}, the Responses API's flat form of chat's response_format. A
/// schema the grammar cannot express is a 400 naming the keyword before any model loads.
/// </summary>
public static class ResponsesTextFormat
{
    private const string Param = "text.format";

    /// <summary>The format for the engine (null for plain text), and the format the response echoes.</summary>
    public static (ChatResponseFormat? Format, JsonElement Echo, ApiFailure? Failure) From(JsonElement? text)
    {
        using var plain = JsonDocument.Parse("""{"type":"text"}""");
        var plainEcho = plain.RootElement.Clone();
        if (text is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            return (null, plainEcho, null);
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return Fail("Invalid type for 'text': expected an object with a 'format'.", "text", "invalid_type");
        }

        foreach (var property in value.EnumerateObject())
        {
            if (property.Name != "format" && property.Value.ValueKind != JsonValueKind.Null)
            {
                return Fail($"'text.{property.Name}' is not supported by this server.", $"text.{property.Name}", "unsupported_parameter");
            }
        }

        if (!value.TryGetProperty("format", out var format) || format.ValueKind == JsonValueKind.Null)
        {
            return (null, plainEcho, null);
        }

        if (format.ValueKind != JsonValueKind.Object || !format.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            return Fail("'text.format' must be an object with a 'type': text, json_object or json_schema.", Param, "invalid_type");
        }

        switch (type.GetString())
        {
            case "text":
                return (null, format.Clone(), null);
            case "json_object":
                return (ChatResponseFormat.Json, format.Clone(), null);
            case "json_schema":
                break;
            default:
                return Fail($"'{type.GetString()}' is not a supported text.format type; use text, json_object or json_schema.", $"{Param}.type", "invalid_value");
        }

        if (!format.TryGetProperty("schema", out var schema) || schema.ValueKind is not (JsonValueKind.Object or JsonValueKind.True))
        {
            return Fail("'text.format.schema' must be a JSON Schema object.", $"{Param}.schema", "invalid_type");
        }

        if (format.TryGetProperty("strict", out var strict) && strict.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
        {
            return Fail("'text.format.strict' must be a boolean.", $"{Param}.strict", "invalid_type");
        }

        try
        {
            // Checked now; the engine builds the same grammar again from the format when it answers.
            _ = JsonSchemaGrammar.FromSchema(schema);
        }
        catch (UnsupportedSchemaException ex)
        {
            return Fail($"text.format: {ex.Message}", Param, "unsupported_schema");
        }

        var name = format.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        var description = format.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        return (ChatResponseFormat.ForJsonSchema(schema.Clone(), name, description), format.Clone(), null);
    }

    private static (ChatResponseFormat? Format, JsonElement Echo, ApiFailure? Failure) Fail(string message, string param, string code) =>
        (null, default, ApiFailure.BadRequest(message, param, code));
}
