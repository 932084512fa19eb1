using System.Text;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine.Decoding.Grammar;

namespace ModelScale.ChatHost.Engine.Tools;

/// <summary>
/// Mistral (7B v0.3, Nemo): <c>[AVAILABLE_TOOLS] [...][/AVAILABLE_TOOLS]</c> before the last user turn, the system
/// prompt at the head of that turn, a call as <c>[TOOL_CALLS] [{"name", "arguments", "id"}]&lt;/s&gt;</c>, and a result
/// as <c>[TOOL_RESULTS] {"content", "call_id"}[/TOOL_RESULTS]</c>. The markers are control tokens, which a streamed
/// answer does not show, so the parser also takes a bare JSON array.
/// </summary>
public sealed class MistralToolFormat : ToolFormat
{
    public const string ToolCalls = "[TOOL_CALLS]";

    public override ToolFamily Family => ToolFamily.Mistral;

    public override string Render(IReadOnlyList<ChatMessage> messages, ToolRequest? tools, Func<IReadOnlyList<ChatMessage>, string> plain)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var system = string.Join("\n\n", messages.Where(m => m.Role == ChatRole.System).Select(m => m.Text).Where(t => t.Length > 0));
        var lastUser = -1;
        for (var i = messages.Count - 1; i >= 0 && lastUser < 0; i--)
        {
            lastUser = messages[i].Role == ChatRole.User && !IsResult(messages[i]) ? i : -1;
        }

        var prompt = new StringBuilder();
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            if (message.Role == ChatRole.System)
            {
                continue;
            }

            if (IsResult(message))
            {
                foreach (var result in ResultsOf(message))
                {
                    prompt.Append("[TOOL_RESULTS] {\"content\": ").Append(ToolJson.Quote(ToolJson.Result(result)))
                        .Append(", \"call_id\": ").Append(ToolJson.Quote(result.CallId)).Append("}[/TOOL_RESULTS]");
                }

                continue;
            }

            if (message.Role == ChatRole.Assistant)
            {
                if (CallsOf(message) is { Count: > 0 } calls)
                {
                    prompt.Append(ToolCalls).Append(" [").Append(string.Join(", ", calls.Select(c => ToolJson.Call(c, "arguments", c.CallId)))).Append("]</s>");
                }
                else
                {
                    prompt.Append(' ').Append(message.Text).Append("</s>");
                }

                continue;
            }

            var text = message.Text;
            if (i == lastUser)
            {
                if (tools is not null)
                {
                    prompt.Append("[AVAILABLE_TOOLS] [").Append(string.Join(", ", tools.Tools.Select(t => ToolJson.Declaration(t)))).Append("][/AVAILABLE_TOOLS]");
                }

                if (system.Length > 0)
                {
                    text = system + "\n\n" + text;
                }
            }

            prompt.Append("[INST] ").Append(text).Append("[/INST]");
        }

        return prompt.ToString();
    }

    public override ToolCallParser CreateParser() => new LeadingToolCallParser([ToolCalls], ["[{", "[ {", "[\n"]);

    public override GbnfGrammar Grammar(ToolRequest request) => ToolCallGrammar.Build(request, "arguments", ToolCalls + "[", "]");
}
