namespace ModelScale.ChatHost.Engine.Tools;

/// <summary>
/// Takes a streamed answer piece by piece and splits it into the text to show and the tool calls it holds, so that a
/// call's markup never reaches the client as content. A call streams as it is written (<see cref="ToolParsePart"/>):
/// it begins once its name and the opening of its arguments are known, and its arguments follow as fragments. What
/// could still become a call is held back until it is decided; what turns out not to be one is given back as text.
/// </summary>
public abstract class ToolCallParser
{
    /// <summary>The next piece of the answer.</summary>
    public abstract ToolParseStep Feed(string piece);

    /// <summary>The answer has ended: whatever was held back, as calls or as text.</summary>
    public abstract ToolParseStep Finish();

    /// <summary>Parses a whole answer at once (what the non-streamed path and the tests use).</summary>
    public (string Text, IReadOnlyList<ParsedToolCall> Calls) ParseAll(IEnumerable<string> pieces)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        var text = new System.Text.StringBuilder();
        var calls = new List<ParsedToolCall>();
        foreach (var piece in pieces)
        {
            Add(Feed(piece));
        }

        Add(Finish());

        return (text.ToString(), calls);

        void Add(ToolParseStep step)
        {
            text.Append(step.Text);
            calls.AddRange(step.Calls);
        }
    }

    /// <summary>The length of the longest end of <paramref name="text"/> that is the start of <paramref name="marker"/> (text to hold back).</summary>
    protected static int PartialMarkerLength(string text, string marker)
    {
        for (var length = Math.Min(text.Length, marker.Length - 1); length > 0; length--)
        {
            if (string.CompareOrdinal(text, text.Length - length, marker, 0, length) == 0)
            {
                return length;
            }
        }

        return 0;
    }
}
