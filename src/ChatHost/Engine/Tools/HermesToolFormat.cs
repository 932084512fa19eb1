using System.Text;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine.Decoding.Grammar;

namespace ModelScale.ChatHost.Engine.Tools;

/// <summary>
/// Hermes 2/3 Pro and Qwen2.5 (ChatML): the declarations in <c>&lt;tools&gt;</c> in the system turn, each call as
/// <c>&lt;tool_call&gt;\n{"name": ..., "arguments": ...}\n&lt;/tool_call&gt;</c> in the assistant turn, and the results of
/// one round together in a user turn, each in <c>&lt;tool_response&gt;</c>, as Qwen2.5's template writes them.
/// </summary>
public sealed class HermesToolFormat : ToolFormat
{
    public const string Open = "<tool_call>";
    public const string Close = "</tool_call>";

    public override ToolFamily Family => ToolFamily.Hermes;

    public override string Render(IReadOnlyList<ChatMessage> messages, ToolRequest? tools, Func<IReadOnlyList<ChatMessage>, string> plain)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var prompt = new StringBuilder();
        var start = 0;
        var system = messages.Count > 0 && messages[0].Role == ChatRole.System ? messages[0].Text : null;
        if (system is not null)
        {
            start = 1;
        }

        if (tools is not null)
        {
            prompt.Append("<|im_start|>system\n");
            if (!string.IsNullOrEmpty(system))
            {
                prompt.Append(system).Append("\n\n");
            }

            prompt.Append("# Tools\n\nYou may call one or more functions to assist with the user query.\n\n")
                .Append("You are provided with function signatures within <tools></tools> XML tags:\n<tools>");
            foreach (var tool in tools.Tools)
            {
                prompt.Append('\n').Append(ToolJson.Declaration(tool));
            }

            prompt.Append("\n</tools>\n\nFor each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n")
                .Append("<tool_call>\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call><|im_end|>\n");
        }
        else if (system is not null)
        {
            Turn(prompt, "system", system);
        }

        for (var i = start; i < messages.Count; i++)
        {
            var message = messages[i];
            if (IsResult(message))
            {
                // One user turn holds the results of consecutive tool messages.
                prompt.Append("<|im_start|>user");
                for (; i < messages.Count && IsResult(messages[i]); i++)
                {
                    foreach (var result in ResultsOf(messages[i]))
                    {
                        prompt.Append("\n<tool_response>\n").Append(ToolJson.Result(result)).Append("\n</tool_response>");
                    }
                }

                i--;
                prompt.Append("<|im_end|>\n");
                continue;
            }

            if (message.Role == ChatRole.Assistant && CallsOf(message) is { Count: > 0 } calls)
            {
                var text = new StringBuilder(message.Text);
                foreach (var call in calls)
                {
                    text.Append(text.Length > 0 ? "\n" : string.Empty).Append(Open).Append('\n').Append(ToolJson.Call(call)).Append('\n').Append(Close);
                }

                Turn(prompt, "assistant", text.ToString());
                continue;
            }

            Turn(prompt, message.Role == ChatRole.System ? "system" : message.Role == ChatRole.Assistant ? "assistant" : "user", message.Text);
        }

        return prompt.Append("<|im_start|>assistant\n").ToString();
    }

    public override ToolCallParser CreateParser() => new MarkedToolCallParser(Open, Close);

    public override GbnfGrammar Grammar(ToolRequest request) => ToolCallGrammar.Build(request, "arguments", Open + "\n", "\n" + Close);

    private static void Turn(StringBuilder prompt, string role, string text) =>
        prompt.Append("<|im_start|>").Append(role).Append('\n').Append(text).Append("<|im_end|>\n");
}
