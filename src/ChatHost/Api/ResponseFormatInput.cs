using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine.Decoding.Grammar;

namespace ModelScale.ChatHost.Api;

/// <summary>
/// response_format of a chat completion: "text" (the default), "json_object" (any JSON object), or "json_schema" with
/// {name, schema, strict}. A schema is turned into a grammar here already, so that one the grammar cannot express is
/// a 400 naming the keyword before any model loads.
/// </summary>
public static class ResponseFormatInput
{
    public const string Param = "response_format";

    public static (ChatResponseFormat? Format, ApiFailure? Failure) From(JsonElement? value)
    {
        if (value is not { } format || format.ValueKind == JsonValueKind.Null)
        {
            return (null, null);
        }

        if (format.ValueKind != JsonValueKind.Object || !format.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            return Fail("'response_format' must be an object with a 'type': text, json_object or json_schema.", Param, "invalid_type");
        }

        switch (type.GetString())
        {
            case "text":
                return (null, null);
            case "json_object":
                return (ChatResponseFormat.Json, null);
            case "json_schema":
                break;
            default:
                return Fail($"'{type.GetString()}' is not a supported response_format type; use text, json_object or json_schema.", $"{Param}.type", "invalid_value");
        }

        if (!format.TryGetProperty("json_schema", out var jsonSchema) || jsonSchema.ValueKind != JsonValueKind.Object)
        {
            return Fail("'response_format.json_schema' must be an object with 'name' and 'schema'.", $"{Param}.json_schema", "invalid_type");
        }

        if (!jsonSchema.TryGetProperty("schema", out var schema) || schema.ValueKind is not (JsonValueKind.Object or JsonValueKind.True))
        {
            return Fail("'response_format.json_schema.schema' must be a JSON Schema object.", $"{Param}.json_schema.schema", "invalid_type");
        }

        if (jsonSchema.TryGetProperty("strict", out var strict) && strict.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
        {
            return Fail("'response_format.json_schema.strict' must be a boolean.", $"{Param}.json_schema.strict", "invalid_type");
        }

        try
        {
            // Checked now; the engine builds the same grammar again from the format when it answers.
            _ = JsonSchemaGrammar.FromSchema(schema);
        }
        catch (UnsupportedSchemaException ex)
        {
            return Fail($"response_format: {ex.Message}", Param, "unsupported_schema");
        }

        var name = jsonSchema.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        var description = jsonSchema.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        return (ChatResponseFormat.ForJsonSchema(schema.Clone(), name, description), null);
    }

    private static (ChatResponseFormat? Format, ApiFailure? Failure) Fail(string message, string param, string code) =>
        (null, ApiFailure.BadRequest(message, param, code));
}
