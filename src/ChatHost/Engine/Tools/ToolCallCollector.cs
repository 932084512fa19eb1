using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ModelScale.ChatHost.Engine.Tools;

/// <summary>
/// Turns the parser's steps into the contents of streamed updates: text as <see cref="TextContent"/>, each call as a
/// <see cref="FunctionCallContent"/> with a fresh call id and the arguments' JSON text as its raw representation.
/// Without parallel calls allowed, only the first call of an answer is kept.
/// </summary>
public sealed class ToolCallCollector(ToolCallParser parser, bool parallel)
{
    /// <summary>How many calls the answer has made so far.</summary>
    public int Count { get; private set; }

    /// <summary>The contents of one piece; null when the piece gave nothing to show yet.</summary>
    public IList<AIContent>? Feed(string piece) => Contents(parser.Feed(piece));

    /// <summary>What the parser held back, at the end of the answer; null when nothing.</summary>
    public IList<AIContent>? Finish() => Contents(parser.Finish());

    private List<AIContent>? Contents(ToolParseStep step)
    {
        var contents = new List<AIContent>();
        if (step.Text.Length > 0)
        {
            contents.Add(new TextContent(step.Text));
        }

        foreach (var call in step.Calls)
        {
            if (!parallel && Count > 0)
            {
                break;
            }

            Count++;
            var arguments = JsonSerializer.Deserialize<Dictionary<string, object?>>(call.Arguments, AIJsonUtilities.DefaultOptions);
            contents.Add(new FunctionCallContent(ToolJson.NewCallId(), call.Name, arguments) { RawRepresentation = call.Arguments });
        }

        return contents.Count > 0 ? contents : null;
    }
}
