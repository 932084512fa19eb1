using System.Text;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine.Decoding.Grammar;

namespace ModelScale.ChatHost.Engine.Tools;

/// <summary>
/// For a model without a tool format of its own (no template, or one that shows no tools): the declarations and the
/// answer's shape go into the system prompt, a call is the JSON object <c>{"tool_calls": [{"name", "arguments"}]}</c>
/// as the whole answer, and a result is a user turn that says which call it answers. The model's own template then
/// renders these plain messages.
/// </summary>
public sealed class GenericToolFormat : ToolFormat
{
    public override ToolFamily Family => ToolFamily.Generic;

    public override string Render(IReadOnlyList<ChatMessage> messages, ToolRequest? tools, Func<IReadOnlyList<ChatMessage>, string> plain)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(plain);
        var rendered = new List<ChatMessage>(messages.Count + 1);
        var start = 0;
        if (tools is not null)
        {
            var system = messages.Count > 0 && messages[0].Role == ChatRole.System ? messages[0].Text : string.Empty;
            start = messages.Count > 0 && messages[0].Role == ChatRole.System ? 1 : 0;
            rendered.Add(new ChatMessage(ChatRole.System, (system.Length > 0 ? system + "\n\n" : string.Empty) + Instructions(tools)));
        }

        for (var i = start; i < messages.Count; i++)
        {
            var message = messages[i];
            if (IsResult(message))
            {
                var text = string.Join("\n", ResultsOf(message).Select(r => $"Result of tool call {r.CallId} ({NameOf(messages, r.CallId) ?? "unknown"}): {ToolJson.Result(r)}"));
                rendered.Add(new ChatMessage(ChatRole.User, text));
                continue;
            }

            if (message.Role == ChatRole.Assistant && CallsOf(message) is { Count: > 0 } calls)
            {
                rendered.Add(new ChatMessage(ChatRole.Assistant, "{\"tool_calls\": [" + string.Join(", ", calls.Select(c => ToolJson.Call(c))) + "]}"));
                continue;
            }

            rendered.Add(new ChatMessage(message.Role, message.Text));
        }

        return plain(rendered);
    }

    public override ToolCallParser CreateParser() => new LeadingToolCallParser([], ["{"]);

    public override GbnfGrammar Grammar(ToolRequest request) => ToolCallGrammar.Build(request, "arguments", "{\"tool_calls\": [", "]}");

    private static string Instructions(ToolRequest tools)
    {
        // Short on purpose: a model without a tool format is often a small one, with a small context.
        var text = new StringBuilder("Tools you can call:\n");
        foreach (var tool in tools.Tools)
        {
            text.Append(ToolJson.Function(tool)).Append('\n');
        }

        return text.Append("To call tools, answer only {\"tool_calls\":[{\"name\":<tool name>,\"arguments\":<arguments object>}]}").ToString();
    }
}
