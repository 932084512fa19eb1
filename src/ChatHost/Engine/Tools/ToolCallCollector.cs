using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ModelScale.ChatHost.Engine.Tools;

/// <summary>
/// Turns the parser's parts into the contents of streamed updates, in order: text as <see cref="TextContent"/>, a call
/// as it is written as <see cref="FunctionCallDeltaContent"/>s (its name, then its arguments' fragments), and each
/// whole call as a <see cref="FunctionCallContent"/> with the same fresh call id and the arguments' JSON text as its
/// raw representation. Without parallel calls allowed, only the first call of an answer is kept.
/// </summary>
public sealed class ToolCallCollector(ToolCallParser parser, bool parallel)
{
    private readonly Dictionary<int, (string Id, string Name)> _kept = [];

    /// <summary>How many calls the answer has begun so far.</summary>
    public int Count { get; private set; }

    /// <summary>The contents of one piece; null when the piece gave nothing to show yet.</summary>
    public IList<AIContent>? Feed(string piece) => Contents(parser.Feed(piece));

    /// <summary>What the parser held back, at the end of the answer; null when nothing.</summary>
    public IList<AIContent>? Finish() => Contents(parser.Finish());

    private List<AIContent>? Contents(ToolParseStep step)
    {
        var contents = new List<AIContent>();
        foreach (var part in step.Parts)
        {
            switch (part)
            {
                case ToolText { Text.Length: > 0 } text:
                    contents.Add(new TextContent(text.Text));
                    break;
                case ToolCallBegin begin when parallel || Count == 0:
                    Count++;
                    var id = ToolJson.NewCallId();
                    _kept[begin.Index] = (id, begin.Name);
                    contents.Add(new FunctionCallDeltaContent(id, begin.Name, string.Empty));
                    break;
                case ToolCallArguments arguments when _kept.TryGetValue(arguments.Index, out var call):
                    contents.Add(new FunctionCallDeltaContent(call.Id, null, arguments.Fragment));
                    break;
                case ToolCallEnd end when _kept.TryGetValue(end.Index, out var call):
                    contents.Add(new FunctionCallContent(call.Id, call.Name, ArgumentsOf(end.Call.Arguments)) { RawRepresentation = end.Call.Arguments });
                    break;
            }
        }

        return contents.Count > 0 ? contents : null;
    }

    /// <summary>The arguments as a dictionary; null when the model's text is not a JSON object (a call cut short by the token limit).</summary>
    private static Dictionary<string, object?>? ArgumentsOf(string arguments)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, object?>>(arguments, AIJsonUtilities.DefaultOptions);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
