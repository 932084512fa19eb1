using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace ModelScale.ChatHost.Engine.Tools;

/// <summary>The JSON text the prompt formats write: tool declarations, a call's arguments, a tool's result.</summary>
public static class ToolJson
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonSerializerOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true, IndentSize = 4 };

    /// <summary>M.E.AI's serializer options (which know its content types), without indentation.</summary>
    private static readonly JsonSerializerOptions Values = new(AIJsonUtilities.DefaultOptions) { WriteIndented = false };

    /// <summary>An empty object schema: what a tool without parameters takes.</summary>
    public static JsonElement EmptyParameters { get; } = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement.Clone();

    /// <summary>A tool as OpenAI declares it: {"type": "function", "function": {name, description, parameters}}.</summary>
    public static string Declaration(AIFunctionDeclaration tool, bool indented = false)
    {
        var declaration = new JsonObject { ["type"] = "function", ["function"] = FunctionNode(tool) };
        return declaration.ToJsonString(indented ? Indented : Compact);
    }

    /// <summary>A tool as {name, description, parameters} alone (the generic format's shorter declaration).</summary>
    public static string Function(AIFunctionDeclaration tool) => FunctionNode(tool).ToJsonString(Compact);

    private static JsonObject FunctionNode(AIFunctionDeclaration tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        var function = new JsonObject { ["name"] = tool.Name };
        if (!string.IsNullOrEmpty(tool.Description))
        {
            function["description"] = tool.Description;
        }

        function["parameters"] = JsonNode.Parse(Parameters(tool).GetRawText());
        return function;
    }

    /// <summary>The parameters schema of a tool (an empty object schema when it has none).</summary>
    public static JsonElement Parameters(AIFunctionDeclaration tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        return tool.JsonSchema.ValueKind == JsonValueKind.Object ? tool.JsonSchema : EmptyParameters;
    }

    /// <summary>A call's arguments as a JSON object's text: the text the model wrote when the call came from a model, else the dictionary serialized.</summary>
    public static string Arguments(FunctionCallContent call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.RawRepresentation is string raw)
        {
            if (ToolCallJson.TryParse(raw) is { ValueKind: JsonValueKind.Object } parsed)
            {
                return parsed.GetRawText();
            }

            if (call.Arguments is null)
            {
                // A call the model left unfinished (cut by the token limit): its arguments as far as they got.
                return raw;
            }
        }

        return JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>(), Values);
    }

    /// <summary>
    /// Whether the call is whole: its arguments are a JSON object. Not so for a call the model left unfinished, cut by the
    /// token limit or stopped at a character that cannot be JSON; its arguments are the text as far as it got.
    /// </summary>
    public static bool IsWhole(FunctionCallContent call) => ToolCallJson.TryParse(Arguments(call)) is { ValueKind: JsonValueKind.Object };

    /// <summary>A call as {"name": ..., "&lt;argumentsKey&gt;": {...}}, with the arguments as they are.</summary>
    public static string Call(FunctionCallContent call, string argumentsKey = "arguments", string? id = null)
    {
        ArgumentNullException.ThrowIfNull(call);
        var text = $"{{\"name\": {JsonSerializer.Serialize(call.Name, Compact)}, \"{argumentsKey}\": {Arguments(call)}";
        return id is null ? text + "}" : text + $", \"id\": {JsonSerializer.Serialize(id, Compact)}}}";
    }

    /// <summary>A tool's result as the model reads it: a string as it is, anything else as JSON.</summary>
    public static string Result(FunctionResultContent result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Result switch
        {
            null => result.Exception?.Message ?? string.Empty,
            string text => text,
            JsonElement { ValueKind: JsonValueKind.String } element => element.GetString()!,
            JsonElement element => element.GetRawText(),
            _ => JsonSerializer.Serialize(result.Result, Values),
        };
    }

    /// <summary>
    /// A call's arguments from a JSON object, as <see cref="FunctionCallContent.Arguments"/> holds them. A key given
    /// twice keeps its last value (as a JSON parser that reads into a map does), never an exception.
    /// </summary>
    public static Dictionary<string, object?> ArgumentsOf(JsonElement arguments)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in arguments.EnumerateObject())
        {
            result[property.Name] = property.Value.Clone();
        }

        return result;
    }

    /// <summary>A new call id in OpenAI's shape.</summary>
    public static string NewCallId() => "call_" + Guid.NewGuid().ToString("N")[..24];

    /// <summary>A JSON string literal.</summary>
    public static string Quote(string text) => JsonSerializer.Serialize(text, Compact);
}
