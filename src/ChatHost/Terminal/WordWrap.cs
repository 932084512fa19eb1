using System.Text;

namespace ModelScale.ChatHost.Terminal;

/// <summary>
/// Streams an answer to a terminal and breaks lines between words, never inside one: the word being written is held
/// back until it ends, then goes on this line or the next. A word longer than a whole line is broken where the line
/// ends. Line breaks in the answer are kept.
/// </summary>
public sealed class WordWrap(TextWriter output, int width)
{
    private readonly StringBuilder _word = new();
    private int _column;
    private bool _pendingSpace;

    public void Write(string piece)
    {
        ArgumentNullException.ThrowIfNull(piece);
        foreach (var c in piece)
        {
            switch (c)
            {
                case '\r':
                    break;
                case '\n':
                    FlushWord();
                    _pendingSpace = false;
                    output.Write(Environment.NewLine);
                    _column = 0;
                    break;
                case ' ' or '\t':
                    FlushWord();
                    if (_pendingSpace)
                    {
                        // Several spaces in a row: keep them while they fit (indentation, code).
                        WriteSpace();
                    }

                    _pendingSpace = true;
                    break;
                default:
                    _word.Append(c);
                    if (_word.Length >= width)
                    {
                        FlushWord();
                    }

                    break;
            }
        }

        output.Flush();
    }

    /// <summary>Writes the word held back; call at the end of the answer.</summary>
    public void Finish()
    {
        FlushWord();
        output.Flush();
    }

    /// <summary>Whether anything was written on the current line.</summary>
    public bool MidLine => _column > 0 || _word.Length > 0;

    private void WriteSpace()
    {
        if (_column + 1 < width)
        {
            output.Write(' ');
            _column++;
        }
    }

    private void FlushWord()
    {
        if (_word.Length == 0)
        {
            return;
        }

        var space = _pendingSpace && _column > 0 ? 1 : 0;
        if (_column > 0 && _column + space + _word.Length > width)
        {
            output.Write(Environment.NewLine);
            _column = 0;
            space = 0;
        }

        if (space == 1)
        {
            output.Write(' ');
        }

        output.Write(_word.ToString());
        _column += space + _word.Length;
        _word.Clear();
        _pendingSpace = false;
    }
}
