using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ModelScale.ChatHost.Api;

/// <summary>
/// The tools of a Responses request: function tools ({"type": "function", name, description, parameters, strict})
/// become <see cref="AIFunctionDeclaration"/>s, tool_choice a <see cref="ChatToolMode"/>. OpenAI's built-in tools
/// (web search, file search, code interpreter, computer use, MCP, ...) run on OpenAI's side and are refused by name.
/// </summary>
public static class ResponsesTools
{
    /// <summary>The declarations, the mode, and the tools as the request gave them (the response echoes them).</summary>
    public static (IList<AITool>? Tools, ChatToolMode? Mode, IReadOnlyList<JsonElement> Echo, ApiFailure? Failure) From(JsonElement? tools, JsonElement? toolChoice)
    {
        var declarations = new List<AITool>();
        var echo = new List<JsonElement>();
        if (tools is { ValueKind: not JsonValueKind.Null } list)
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                return Fail(ApiFailure.BadRequest("Invalid type for 'tools': expected an array of function tools.", "tools", "invalid_type"));
            }

            var index = 0;
            foreach (var tool in list.EnumerateArray())
            {
                var (declaration, failure) = Declaration(tool, $"tools[{index++}]");
                if (failure is not null)
                {
                    return Fail(failure);
                }

                if (declarations.Any(d => d.Name == declaration!.Name))
                {
                    return Fail(ApiFailure.BadRequest($"'tools' names the function '{declaration!.Name}' twice.", $"tools[{index - 1}].name"));
                }

                declarations.Add(declaration!);
                echo.Add(tool.Clone());
            }
        }

        var (mode, modeFailure) = Mode(toolChoice, declarations);
        return modeFailure is not null
            ? Fail(modeFailure)
            : (declarations.Count > 0 ? declarations : null, declarations.Count > 0 ? mode : null, echo, null);
    }

    private static (AIFunctionDeclaration? Declaration, ApiFailure? Failure) Declaration(JsonElement tool, string param)
    {
        if (tool.ValueKind != JsonValueKind.Object || !tool.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            return (null, ApiFailure.BadRequest($"'{param}' must be a tool object with a 'type' (\"function\").", param, "invalid_type"));
        }

        if (type.GetString() != "function")
        {
            return (null, ApiFailure.BadRequest(
                $"'{type.GetString()}' tools are not supported: this server has no built-in tools; declare function tools and run them yourself.",
                $"{param}.type",
                "unsupported_value"));
        }

        // A Responses function tool holds its name, description, strict and parameters itself (not under "function").
        return ToolsInput.Function(tool, param);
    }

    private static (ChatToolMode? Mode, ApiFailure? Failure) Mode(JsonElement? toolChoice, List<AITool> tools)
    {
        if (toolChoice is not { } choice || choice.ValueKind == JsonValueKind.Null)
        {
            return (ChatToolMode.Auto, null);
        }

        if (choice.ValueKind == JsonValueKind.String)
        {
            return choice.GetString() switch
            {
                "auto" => (ChatToolMode.Auto, null),
                "none" => (ChatToolMode.None, null),
                "required" when tools.Count == 0 => (null, ApiFailure.BadRequest("'tool_choice' is \"required\", but 'tools' declares no function.", "tool_choice")),
                "required" => (ChatToolMode.RequireAny, null),
                _ => (null, ApiFailure.BadRequest($"'{choice.GetString()}' is not a tool_choice; use auto, none, required or {{\"type\": \"function\", \"name\": ...}}.", "tool_choice", "invalid_value")),
            };
        }

        var type = choice.ValueKind == JsonValueKind.Object && choice.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (type != "function")
        {
            return (null, ApiFailure.BadRequest(
                type is null
                    ? "'tool_choice' must be auto, none, required or {\"type\": \"function\", \"name\": ...}."
                    : $"A tool_choice of type '{type}' is not supported; use auto, none, required or {{\"type\": \"function\", \"name\": ...}}.",
                "tool_choice",
                "unsupported_value"));
        }

        var name = choice.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        return tools.Any(tool => tool.Name == name)
            ? (ChatToolMode.RequireSpecific(name!), null)
            : (null, ApiFailure.BadRequest($"'tool_choice' names the function '{name}', which 'tools' does not declare.", "tool_choice.name"));
    }

    private static (IList<AITool>? Tools, ChatToolMode? Mode, IReadOnlyList<JsonElement> Echo, ApiFailure? Failure) Fail(ApiFailure failure) => (null, null, [], failure);
}
