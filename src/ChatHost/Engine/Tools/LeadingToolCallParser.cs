using System.Text;

namespace ModelScale.ChatHost.Engine.Tools;

/// <summary>
/// Calls that make up the whole answer and are known by how it begins (Llama 3.x: JSON objects, maybe after
/// <c>&lt;|python_tag|&gt;</c>, several separated by <c>;</c>; Mistral: <c>[TOOL_CALLS]</c> and a JSON array; the generic
/// format: a JSON object). An answer that begins otherwise is text and streams at once. One that begins like a call goes
/// through a <see cref="JsonCallScanner"/> a character at a time, so each call begins, and its arguments stream, while
/// the model writes them; what is held until it is known to be a call comes back as text if it turns out not to be one.
/// After a marker, a body that is not JSON is held to the end and given to <paramref name="rawCall"/> (Llama 3.x's
/// built-in tool calls), or back as text.
/// </summary>
public sealed class LeadingToolCallParser(IReadOnlyList<string> markers, IReadOnlyList<string> starts, Func<string, ParsedToolCall?>? rawCall = null) : ToolCallParser
{
    private readonly StringBuilder _held = new();
    private readonly StringBuilder _raw = new();
    private State _state;
    private JsonCallScanner? _scanner;
    private int _calls;

    // While undecided: how much of what is held is the answer's leading whitespace, already looked at.
    private int _space;

    private enum State
    {
        Undecided,
        Text,
        AfterMarker,
        Json,
        Between,
        Raw,
    }

    public override ToolParseStep Feed(string piece)
    {
        ArgumentNullException.ThrowIfNull(piece);
        var parts = new List<ToolParsePart>();
        if (_state == State.Undecided)
        {
            _held.Append(piece);
            while (_space < _held.Length && char.IsWhiteSpace(_held[_space]))
            {
                _space++;
            }

            // Only what follows the whitespace is looked at: an answer of many newlines costs time in proportion to its length.
            var begin = _held.ToString(_space, _held.Length - _space);
            if (begin.Length == 0 || markers.Any(m => m.Length > begin.Length && m.StartsWith(begin, StringComparison.Ordinal)))
            {
                return ToolParseStep.Empty;
            }

            var marker = markers.FirstOrDefault(m => begin.StartsWith(m, StringComparison.Ordinal));
            if (marker is null && !starts.Any(s => begin.StartsWith(s, StringComparison.Ordinal)))
            {
                _state = State.Text;
                return Text(parts, Take());
            }

            // What follows the marker (or the whole answer) is read as calls, from the start.
            var body = marker is null ? begin : begin[marker.Length..];
            _held.Length -= body.Length;
            _state = marker is null ? State.Between : State.AfterMarker;
            piece = body;
        }

        for (var i = 0; i < piece.Length;)
        {
            if (_state == State.Text)
            {
                Text(parts, piece[i..]);
                break;
            }

            i += Step(piece[i], parts) ? 1 : 0;
        }

        _scanner?.Flush(parts);
        return new ToolParseStep(parts);
    }

    public override ToolParseStep Finish()
    {
        var parts = new List<ToolParsePart>();
        switch (_state)
        {
            case State.Json when _scanner!.Begun > 0:
                _scanner.EndOpen(parts);
                break;
            case State.Raw when rawCall?.Invoke(_raw.ToString()) is { } call:
                var index = _calls++;
                parts.Add(new ToolCallBegin(index, call.Name));
                parts.Add(new ToolCallArguments(index, call.Arguments));
                parts.Add(new ToolCallEnd(index, call));
                break;
            case State.Between:
                break;
            default:
                Text(parts, Take());
                break;
        }

        _held.Clear();
        _state = State.Text;
        return new ToolParseStep(parts);
    }

    /// <summary>Reads one character; false when it is to be read again as text.</summary>
    private bool Step(char c, List<ToolParsePart> parts)
    {
        switch (_state)
        {
            case State.Raw:
                _held.Append(c);
                _raw.Append(c);
                return true;
            case State.AfterMarker:
                _held.Append(c);
                if (char.IsWhiteSpace(c))
                {
                    return true;
                }

                if (c is '{' or '[')
                {
                    StartJson(c, parts);
                }
                else
                {
                    _state = State.Raw;
                    _raw.Append(c);
                }

                return true;
            case State.Between:
                // Between calls: spaces and Llama 3.x's ';' separate them; another '{' or '[' is the next; anything else is text.
                if (char.IsWhiteSpace(c) || c == ';')
                {
                    _held.Append(c);
                    return true;
                }

                if (c is '{' or '[')
                {
                    _held.Append(c);
                    StartJson(c, parts);
                    return true;
                }

                _held.Clear();
                _state = State.Text;
                return false;
            case State.Json:
                _held.Append(c);
                var scanner = _scanner!;
                scanner.Feed(c, parts);
                if (scanner.Failed)
                {
                    if (scanner.Begun > 0)
                    {
                        // It stopped being JSON after a call began: that call ends there, and the rest is text.
                        scanner.EndOpen(parts);
                        _held.Clear();
                        _scanner = null;
                        _state = State.Text;
                        return false;
                    }

                    Text(parts, Take());
                    _scanner = null;
                    _state = State.Text;
                }
                else if (scanner.Done)
                {
                    if (scanner.Begun > 0)
                    {
                        _held.Clear();
                        _state = State.Between;
                    }
                    else
                    {
                        // JSON that holds no call: it, and all after it, is text.
                        Text(parts, Take());
                        _state = State.Text;
                    }

                    _scanner = null;
                }

                return true;
            default:
                throw new System.Diagnostics.UnreachableException($"The parser reads no character while {_state}.");
        }
    }

    private void StartJson(char c, List<ToolParsePart> parts)
    {
        _state = State.Json;
        _scanner = new JsonCallScanner(() => _calls++);
        _scanner.Feed(c, parts);
    }

    private string Take()
    {
        var text = _held.ToString();
        _held.Clear();
        return text;
    }

    private static ToolParseStep Text(List<ToolParsePart> parts, string text)
    {
        if (text.Length > 0)
        {
            if (parts.Count > 0 && parts[^1] is ToolText last)
            {
                parts[^1] = new ToolText(last.Text + text);
            }
            else
            {
                parts.Add(new ToolText(text));
            }
        }

        return new ToolParseStep(parts);
    }
}
