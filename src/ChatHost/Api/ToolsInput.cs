using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine.Decoding.Grammar;
using ModelScale.ChatHost.Engine.Tools;

namespace ModelScale.ChatHost.Api;

/// <summary>
/// tools, tool_choice and parallel_tool_calls of a chat completion, checked and turned into
/// <see cref="ChatOptions.Tools"/> (declarations with their JSON schemas), <see cref="ChatOptions.ToolMode"/> and
/// <see cref="ChatOptions.AllowMultipleToolCalls"/>. Each tool's parameters are turned into a grammar here already,
/// so that a schema the grammar cannot express is a 400 naming the keyword before any model loads.
/// </summary>
public static partial class ToolsInput
{
    public sealed record Tools(IList<AITool>? Declared, ChatToolMode? Mode, bool? Parallel);

    public static (Tools? Tools, ApiFailure? Failure) From(JsonElement? tools, JsonElement? toolChoice, JsonElement? parallel)
    {
        var declared = new List<AITool>();
        if (tools is { ValueKind: not JsonValueKind.Null } list)
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                return Fail("'tools' must be an array of {\"type\": \"function\", \"function\": {...}}.", "tools", "invalid_type");
            }

            var index = 0;
            foreach (var tool in list.EnumerateArray())
            {
                var (declaration, failure) = Declaration(tool, $"tools[{index++}]");
                if (failure is not null)
                {
                    return (null, failure);
                }

                if (declared.Any(d => d.Name == declaration!.Name))
                {
                    return Fail($"'tools' declares the function '{declaration!.Name}' twice.", $"tools[{index - 1}].function.name", "invalid_value");
                }

                declared.Add(declaration!);
            }
        }

        bool? allowMany = null;
        if (parallel is { ValueKind: not JsonValueKind.Null } p)
        {
            if (p.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return Fail("'parallel_tool_calls' must be a boolean.", "parallel_tool_calls", "invalid_type");
            }

            allowMany = p.ValueKind == JsonValueKind.True;
        }

        var (mode, modeFailure) = Mode(toolChoice, declared);
        return modeFailure is not null ? (null, modeFailure) : (new Tools(declared.Count > 0 ? declared : null, mode, allowMany), null);
    }

    private static (ChatToolMode? Mode, ApiFailure? Failure) Mode(JsonElement? toolChoice, List<AITool> declared)
    {
        if (toolChoice is not { ValueKind: not JsonValueKind.Null } choice)
        {
            return (declared.Count > 0 ? ChatToolMode.Auto : null, null);
        }

        string? name = null;
        if (choice.ValueKind == JsonValueKind.String)
        {
            switch (choice.GetString())
            {
                case "none":
                    return (ChatToolMode.None, null);
                case "auto":
                    return (declared.Count > 0 ? ChatToolMode.Auto : null, null);
                case "required":
                    break;
                default:
                    return (null, ApiFailure.BadRequest($"'{choice.GetString()}' is not a valid 'tool_choice'; use none, auto, required or {{\"type\": \"function\", \"function\": {{\"name\": ...}}}}.", "tool_choice", "invalid_value"));
            }
        }
        else if (choice.ValueKind == JsonValueKind.Object
            && choice.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "function"
            && choice.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object
            && function.TryGetProperty("name", out var named) && named.ValueKind == JsonValueKind.String)
        {
            name = named.GetString();
        }
        else
        {
            return (null, ApiFailure.BadRequest("'tool_choice' must be none, auto, required or {\"type\": \"function\", \"function\": {\"name\": ...}}.", "tool_choice", "invalid_type"));
        }

        if (declared.Count == 0)
        {
            return (null, ApiFailure.BadRequest("'tool_choice' asks for a tool call, but 'tools' declares none.", "tool_choice", "invalid_value"));
        }

        if (name is not null && declared.All(d => d.Name != name))
        {
            return (null, ApiFailure.BadRequest($"'tool_choice' names the function '{name}', which 'tools' does not declare.", "tool_choice", "invalid_value"));
        }

        return (name is null ? ChatToolMode.RequireAny : ChatToolMode.RequireSpecific(name), null);
    }

    private static (AIFunctionDeclaration? Declaration, ApiFailure? Failure) Declaration(JsonElement tool, string param)
    {
        if (tool.ValueKind != JsonValueKind.Object || !tool.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            return Fail<AIFunctionDeclaration>($"'{param}' must be {{\"type\": \"function\", \"function\": {{\"name\", \"description\", \"parameters\"}}}}.", param, "invalid_type");
        }

        if (type.GetString() != "function")
        {
            return Fail<AIFunctionDeclaration>($"'{type.GetString()}' is not a supported tool type in '{param}.type'; only function tools are.", $"{param}.type", "invalid_value");
        }

        if (!tool.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object)
        {
            return Fail<AIFunctionDeclaration>($"'{param}.function' must be an object with 'name' and 'parameters'.", $"{param}.function", "invalid_type");
        }

        return Function(function, $"{param}.function");
    }

    /// <summary>
    /// A function's declaration from the object that holds its name, description, strict and parameters (the
    /// chat API's <c>tools[i].function</c>, or a Responses tool itself), with <paramref name="param"/> naming that
    /// object in errors. The parameters must be an object schema that the call grammar can express.
    /// </summary>
    internal static (AIFunctionDeclaration? Declaration, ApiFailure? Failure) Function(JsonElement function, string param)
    {
        if (!function.TryGetProperty("name", out var nameValue) || nameValue.ValueKind != JsonValueKind.String || JsonText.Read(nameValue) is not { Length: > 0 } name)
        {
            return Fail<AIFunctionDeclaration>($"'{param}.name' is missing: every tool needs a name.", $"{param}.name", "missing_required_parameter");
        }

        if (!FunctionName().IsMatch(name))
        {
            return Fail<AIFunctionDeclaration>($"'{param}.name' must be 1 to 64 letters, digits, underscores or dashes.", $"{param}.name", "invalid_value");
        }

        string? description = null;
        if (function.TryGetProperty("description", out var d) && d.ValueKind != JsonValueKind.Null)
        {
            if (d.ValueKind != JsonValueKind.String || JsonText.Read(d) is not { } text)
            {
                return Fail<AIFunctionDeclaration>($"'{param}.description' must be a string.", $"{param}.description", "invalid_type");
            }

            description = text;
        }

        if (function.TryGetProperty("strict", out var strict) && strict.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
        {
            return Fail<AIFunctionDeclaration>($"'{param}.strict' must be a boolean.", $"{param}.strict", "invalid_type");
        }

        var schema = ToolJson.EmptyParameters;
        if (function.TryGetProperty("parameters", out var parameters) && parameters.ValueKind != JsonValueKind.Null)
        {
            // A function's parameters are an object: a schema of any other type could not be passed as named arguments.
            if (parameters.ValueKind != JsonValueKind.Object
                || (parameters.TryGetProperty("type", out var schemaType) && !(schemaType.ValueKind == JsonValueKind.String && schemaType.GetString() == "object")))
            {
                return Fail<AIFunctionDeclaration>($"'{param}.parameters' must be a JSON Schema of type object.", $"{param}.parameters", "invalid_value");
            }

            try
            {
                ToolCallGrammar.Check(parameters);
            }
            catch (UnsupportedSchemaException ex)
            {
                return Fail<AIFunctionDeclaration>($"{param}.parameters: {ex.Message}", $"{param}.parameters", "unsupported_schema");
            }

            schema = parameters.Clone();
        }

        return (AIFunctionFactory.CreateDeclaration(name, description, schema), null);
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex FunctionName();

    private static (Tools? Tools, ApiFailure? Failure) Fail(string message, string param, string code) => (null, ApiFailure.BadRequest(message, param, code));

    private static (T? Value, ApiFailure? Failure) Fail<T>(string message, string param, string code)
        where T : class => (null, ApiFailure.BadRequest(message, param, code));
}
