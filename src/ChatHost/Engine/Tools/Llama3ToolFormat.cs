using System.Text;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine.Decoding.Grammar;

namespace ModelScale.ChatHost.Engine.Tools;

/// <summary>
/// Llama 3.1 to 3.3, as their template writes JSON tool calling: the declarations at the head of the first user turn
/// with the instruction to answer {"name": ..., "parameters": ...}; a call is that JSON alone in the assistant turn
/// (maybe after <c>&lt;|python_tag|&gt;</c>, several separated by <c>;</c>), or after <c>&lt;|python_tag|&gt;</c> a
/// built-in tool's <c>name.call(key=value, ...)</c>; a result is the ipython role's turn.
/// </summary>
public sealed class Llama3ToolFormat : ToolFormat
{
    public const string PythonTag = "<|python_tag|>";

    private const string Instruction =
        "Given the following functions, please respond with a JSON for a function call with its proper arguments that best answers the given prompt.\n\n"
        + "Respond in the format {\"name\": function name, \"parameters\": dictionary of argument name and its value}. Do not use variables.\n\n";

    public override ToolFamily Family => ToolFamily.Llama3;

    public override string Render(IReadOnlyList<ChatMessage> messages, ToolRequest? tools, Func<IReadOnlyList<ChatMessage>, string> plain)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var prompt = new StringBuilder();
        var start = 0;
        var system = string.Empty;
        if (messages.Count > 0 && messages[0].Role == ChatRole.System)
        {
            system = messages[0].Text;
            start = 1;
        }

        // The template's fixed system header (its default date keeps the prompt, and so the KV cache, stable).
        Turn(prompt, "system", "Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n" + system);
        var toolsShown = tools is null;
        for (var i = start; i < messages.Count; i++)
        {
            var message = messages[i];
            if (IsResult(message))
            {
                foreach (var result in ResultsOf(message))
                {
                    Turn(prompt, "ipython", ToolJson.Result(result));
                }

                continue;
            }

            if (message.Role == ChatRole.Assistant && CallsOf(message) is { Count: > 0 } calls)
            {
                Turn(prompt, "assistant", string.Join("\n", calls.Select(c => ToolJson.Call(c, "parameters"))));
                continue;
            }

            if (message.Role == ChatRole.User && !toolsShown)
            {
                Turn(prompt, "user", ToolBlock(tools!) + message.Text);
                toolsShown = true;
                continue;
            }

            Turn(prompt, message.Role == ChatRole.System ? "system" : message.Role == ChatRole.Assistant ? "assistant" : "user", message.Text);
        }

        if (!toolsShown)
        {
            // A history without a user turn: the tools are said in a user turn of their own.
            Turn(prompt, "user", ToolBlock(tools!).TrimEnd());
        }

        return prompt.Append("<|start_header_id|>assistant<|end_header_id|>\n\n").ToString();
    }

    public override ToolCallParser CreateParser() => new LeadingToolCallParser([PythonTag], ["{"], Llama3BuiltinCall.Parse);

    public override GbnfGrammar Grammar(ToolRequest request) => ToolCallGrammar.Build(request, "parameters", string.Empty, string.Empty);

    private static string ToolBlock(ToolRequest tools)
    {
        var block = new StringBuilder(Instruction);
        foreach (var tool in tools.Tools)
        {
            block.Append(ToolJson.Declaration(tool, indented: true)).Append("\n\n");
        }

        return block.ToString();
    }

    private static void Turn(StringBuilder prompt, string role, string text) =>
        prompt.Append("<|start_header_id|>").Append(role).Append("<|end_header_id|>\n\n").Append(text.Trim()).Append("<|eot_id|>");
}
