using System.Text;

namespace ModelScale.ChatHost.Engine.Tools;

/// <summary>
/// Calls between an opening and a closing marker anywhere in the answer (Hermes and Qwen2.5: <c>&lt;tool_call&gt;</c>
/// JSON <c>&lt;/tool_call&gt;</c>), with text before, between and after them shown as it comes. Each character is
/// looked at once: outside a call only what may be the start of the opening marker is held back; inside, the JSON goes
/// through a <see cref="JsonCallScanner"/>, so a call begins and its arguments stream while the model writes them.
/// </summary>
public sealed class MarkedToolCallParser(string open, string close) : ToolCallParser
{
    private readonly StringBuilder _pending = new();
    private readonly StringBuilder _body = new();
    private readonly StringBuilder _closing = new();
    private JsonCallScanner? _scanner;
    private int _calls;

    public override ToolParseStep Feed(string piece)
    {
        ArgumentNullException.ThrowIfNull(piece);
        var parts = new List<ToolParsePart>();
        var at = 0;
        while (at < piece.Length)
        {
            at = _scanner is null ? Outside(piece, at, parts) : Inside(piece, at, parts);
        }

        _scanner?.Flush(parts);
        return new ToolParseStep(parts);
    }

    public override ToolParseStep Finish()
    {
        var parts = new List<ToolParsePart>();
        if (_scanner is null)
        {
            AddText(parts, _pending.ToString());
            _pending.Clear();
            return new ToolParseStep(parts);
        }

        // An answer that ended inside a call (the model stopped before the closing marker) still counts when it began a call.
        foreach (var c in _closing.ToString())
        {
            _scanner.Feed(c, parts);
        }

        EndCall(parts, closed: false);
        return new ToolParseStep(parts);
    }

    /// <summary>Text up to the opening marker: shown, but for an end that may be the marker's start.</summary>
    private int Outside(string piece, int at, List<ToolParsePart> parts)
    {
        var start = _pending.Length;
        _pending.Append(piece, at, piece.Length - at);
        var text = _pending.ToString();
        var found = text.IndexOf(open, Math.Max(0, start - open.Length + 1), StringComparison.Ordinal);
        if (found < 0)
        {
            var keep = PartialMarkerLength(text, open);
            AddText(parts, text[..^keep]);
            _pending.Clear().Append(text, text.Length - keep, keep);
            return piece.Length;
        }

        AddText(parts, text[..found]);
        _pending.Clear();
        _scanner = new JsonCallScanner(() => _calls++);
        _body.Clear();
        _closing.Clear();

        // Where the call's body begins in this piece.
        return piece.Length - (text.Length - found - open.Length);
    }

    /// <summary>The call's body, a character at a time, up to the closing marker.</summary>
    private int Inside(string piece, int at, List<ToolParsePart> parts)
    {
        var scanner = _scanner!;
        for (; at < piece.Length; at++)
        {
            var c = piece[at];
            _body.Append(c);
            if (scanner.InString)
            {
                scanner.Feed(c, parts);
                continue;
            }

            // Outside a JSON string, what may be the closing marker waits before the scanner sees it.
            _closing.Append(c);
            if (_closing.Length == close.Length && IsStartOfClose())
            {
                _body.Length -= close.Length;
                EndCall(parts, closed: true);
                return at + 1;
            }

            while (_closing.Length > 0 && !IsStartOfClose())
            {
                scanner.Feed(_closing[0], parts);
                _closing.Remove(0, 1);
            }
        }

        return at;
    }

    private void EndCall(List<ToolParsePart> parts, bool closed)
    {
        var scanner = _scanner!;
        _scanner = null;
        if (scanner.Begun > 0)
        {
            scanner.EndOpen(parts);
            return;
        }

        // Not a call (not JSON, or JSON that is not one): the markup and all comes back as text.
        AddText(parts, open + _body + (closed ? close : string.Empty));
    }

    private bool IsStartOfClose()
    {
        if (_closing.Length > close.Length)
        {
            return false;
        }

        for (var i = 0; i < _closing.Length; i++)
        {
            if (_closing[i] != close[i])
            {
                return false;
            }
        }

        return true;
    }

    private static void AddText(List<ToolParsePart> parts, string text)
    {
        if (text.Length > 0)
        {
            parts.Add(new ToolText(text));
        }
    }
}
