using Microsoft.Extensions.AI;
using ModelScale.Profiles.Errors;

namespace ModelScale.ChatHost.Engine.Tools;

/// <summary>
/// The tools a request offers the model, read from <see cref="ChatOptions.Tools"/> and <see cref="ChatOptions.ToolMode"/>:
/// null when none is offered or the mode is none. <see cref="Required"/> (RequireAny or a named function) makes the
/// engine constrain the answer to a call; <see cref="RequiredName"/> narrows it to one function.
/// </summary>
public sealed record ToolRequest(IReadOnlyList<AIFunctionDeclaration> Tools, bool Required, string? RequiredName, bool Parallel)
{
    public static ToolRequest? From(ChatOptions? options)
    {
        if (options?.Tools is not { Count: > 0 } offered || options.ToolMode is NoneChatToolMode)
        {
            return null;
        }

        var tools = offered.OfType<AIFunctionDeclaration>().ToList();
        if (tools.Count == 0)
        {
            return null;
        }

        var required = options.ToolMode as RequiredChatToolMode;
        var name = required?.RequiredFunctionName;
        if (name is not null && tools.All(t => t.Name != name))
        {
            throw new ModelScaleException(ErrorKind.BadInput, $"tool_choice names the function '{name}', which is not among the tools offered.", code: "invalid_value", target: "tool_choice");
        }

        return new ToolRequest(tools, required is not null, name, options.AllowMultipleToolCalls ?? true);
    }

    /// <summary>The tools the answer may call: the named one only when a name is required.</summary>
    public IEnumerable<AIFunctionDeclaration> Callable => RequiredName is null ? Tools : Tools.Where(t => t.Name == RequiredName);
}
