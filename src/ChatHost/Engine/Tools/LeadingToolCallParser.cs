using System.Text;

namespace ModelScale.ChatHost.Engine.Tools;

/// <summary>
/// Calls that make up the whole answer and are known by how it begins (Llama 3.x: a JSON object, maybe after
/// <c>&lt;|python_tag|&gt;</c>; Mistral: <c>[TOOL_CALLS]</c> and a JSON array; the generic format: a JSON object).
/// An answer that begins otherwise is text and streams at once; one that begins like a call is held to its end, and
/// given back as text if it does not parse as calls.
/// </summary>
public sealed class LeadingToolCallParser(IReadOnlyList<string> markers, IReadOnlyList<string> starts) : ToolCallParser
{
    private readonly StringBuilder _held = new();
    private State _state;

    private enum State
    {
        Undecided,
        Text,
        Call,
    }

    public override ToolParseStep Feed(string piece)
    {
        ArgumentNullException.ThrowIfNull(piece);
        if (_state == State.Text)
        {
            return new ToolParseStep(piece, []);
        }

        _held.Append(piece);
        if (_state == State.Call)
        {
            return ToolParseStep.Empty;
        }

        var begin = _held.ToString().TrimStart();
        if (begin.Length == 0 || markers.Any(m => m.Length > begin.Length && m.StartsWith(begin, StringComparison.Ordinal)))
        {
            return ToolParseStep.Empty;
        }

        if (markers.Any(m => begin.StartsWith(m, StringComparison.Ordinal)) || starts.Any(s => begin.StartsWith(s, StringComparison.Ordinal)))
        {
            _state = State.Call;
            return ToolParseStep.Empty;
        }

        _state = State.Text;
        var text = _held.ToString();
        _held.Clear();
        return new ToolParseStep(text, []);
    }

    public override ToolParseStep Finish()
    {
        var held = _held.ToString();
        _held.Clear();
        if (_state != State.Call)
        {
            return new ToolParseStep(held, []);
        }

        var body = held.TrimStart();
        foreach (var marker in markers.Where(m => body.StartsWith(m, StringComparison.Ordinal)))
        {
            body = body[marker.Length..];
            break;
        }

        return ToolCallJson.ReadCalls(body) is { } calls ? new ToolParseStep(string.Empty, calls) : new ToolParseStep(held, []);
    }
}
