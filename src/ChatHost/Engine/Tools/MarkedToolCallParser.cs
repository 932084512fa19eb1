using System.Text;

namespace ModelScale.ChatHost.Engine.Tools;

/// <summary>
/// Calls between an opening and a closing marker anywhere in the answer (Hermes and Qwen2.5: <c>&lt;tool_call&gt;</c>
/// JSON <c>&lt;/tool_call&gt;</c>), with text before, between and after them shown as it comes.
/// </summary>
public sealed class MarkedToolCallParser(string open, string close) : ToolCallParser
{
    private readonly StringBuilder _held = new();
    private bool _inside;

    public override ToolParseStep Feed(string piece)
    {
        ArgumentNullException.ThrowIfNull(piece);
        _held.Append(piece);
        var text = new StringBuilder();
        var calls = new List<ParsedToolCall>();
        while (true)
        {
            var held = _held.ToString();
            if (!_inside)
            {
                var start = held.IndexOf(open, StringComparison.Ordinal);
                if (start < 0)
                {
                    // Keep back only what may be the start of a marker.
                    var keep = PartialMarkerLength(held, open);
                    text.Append(held, 0, held.Length - keep);
                    _held.Remove(0, held.Length - keep);
                    break;
                }

                text.Append(held, 0, start);
                _held.Remove(0, start + open.Length);
                _inside = true;
                continue;
            }

            var end = held.IndexOf(close, StringComparison.Ordinal);
            if (end < 0)
            {
                break;
            }

            var body = held[..end];
            _held.Remove(0, end + close.Length);
            _inside = false;
            if (ToolCallJson.ReadCalls(body) is { } parsed)
            {
                calls.AddRange(parsed);
            }
            else
            {
                text.Append(open).Append(body).Append(close);
            }
        }

        return new ToolParseStep(text.ToString(), calls);
    }

    public override ToolParseStep Finish()
    {
        var held = _held.ToString();
        _held.Clear();
        if (!_inside)
        {
            return new ToolParseStep(held, []);
        }

        // An answer that ended inside a call (the model stopped before the closing marker) still counts when its JSON is whole.
        _inside = false;
        return ToolCallJson.ReadCalls(held) is { } calls ? new ToolParseStep(string.Empty, calls) : new ToolParseStep(open + held, []);
    }
}
