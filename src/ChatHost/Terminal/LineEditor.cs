using System.Text;

namespace ModelScale.ChatHost.Terminal;

/// <summary>What one read of the prompt gave: a message, the end of input (Ctrl+D on an empty line), or Ctrl+C.</summary>
public enum LineKind
{
    Line,
    EndOfInput,
    Interrupt,
}

/// <summary>One read of the prompt.</summary>
public readonly record struct LineRead(LineKind Kind, string Text = "");

/// <summary>
/// The chat's line editor for a terminal: Left/Right, Home/End, Ctrl+A/E (start/end), Ctrl+U/K (delete to start/end),
/// Ctrl+W (delete a word), Backspace/Delete, Up/Down through the history. A message may hold several lines: a paste
/// keeps its line breaks (an Enter with more keys already waiting is part of the paste), and a line that ends with
/// a backslash goes on below. Line breaks show as ↵ in the one-row view, which scrolls sideways to keep the cursor
/// in sight. Ctrl+C clears the line, or on an empty line ends the chat; Ctrl+D on an empty line ends it too.
/// </summary>
public sealed class LineEditor(IKeyReader keys, TextWriter output, LineHistory history, Func<int> width)
{
    private const char Newline = '\n';
    private const char ShownNewline = '↵';

    private readonly StringBuilder _text = new();
    private int _cursor;
    private string _prompt = string.Empty;

    public LineHistory History => history;

    /// <summary>Reads one message after showing <paramref name="prompt"/>.</summary>
    public LineRead ReadLine(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        _prompt = prompt;
        _text.Clear();
        _cursor = 0;
        var browsing = history.Entries.Count;
        var draft = string.Empty;
        keys.CtrlCIsKey = true;
        try
        {
            Render();
            while (true)
            {
                var key = keys.ReadKey();
                var ctrl = (key.Modifiers & ConsoleModifiers.Control) != 0;
                var alt = (key.Modifiers & ConsoleModifiers.Alt) != 0;
                switch (key.Key)
                {
                    case ConsoleKey.Enter when keys.KeyAvailable:
                        Insert(Newline);
                        break;
                    case ConsoleKey.Enter when _cursor == _text.Length && _text.Length > 0 && _text[^1] == '\\':
                        _text.Length--;
                        _cursor--;
                        Insert(Newline);
                        break;
                    case ConsoleKey.Enter:
                        return Finish(new LineRead(LineKind.Line, _text.ToString()));
                    case ConsoleKey.C when ctrl:
                        return Finish(new LineRead(_text.Length == 0 ? LineKind.Interrupt : LineKind.Line, string.Empty), interrupted: true);
                    case ConsoleKey.D when ctrl && _text.Length == 0:
                        return Finish(new LineRead(LineKind.EndOfInput));
                    case ConsoleKey.D when ctrl:
                    case ConsoleKey.Delete:
                        if (_cursor < _text.Length)
                        {
                            _text.Remove(_cursor, 1);
                        }

                        break;
                    case ConsoleKey.Backspace when _cursor > 0:
                        _text.Remove(--_cursor, 1);
                        break;
                    case ConsoleKey.LeftArrow when ctrl || alt:
                        _cursor = WordStart(_cursor);
                        break;
                    case ConsoleKey.RightArrow when ctrl || alt:
                        _cursor = WordEnd(_cursor);
                        break;
                    case ConsoleKey.LeftArrow:
                    case ConsoleKey.B when ctrl:
                        _cursor = Math.Max(0, _cursor - 1);
                        break;
                    case ConsoleKey.RightArrow:
                    case ConsoleKey.F when ctrl:
                        _cursor = Math.Min(_text.Length, _cursor + 1);
                        break;
                    case ConsoleKey.Home:
                    case ConsoleKey.A when ctrl:
                        _cursor = 0;
                        break;
                    case ConsoleKey.End:
                    case ConsoleKey.E when ctrl:
                        _cursor = _text.Length;
                        break;
                    case ConsoleKey.U when ctrl:
                        _text.Remove(0, _cursor);
                        _cursor = 0;
                        break;
                    case ConsoleKey.K when ctrl:
                        _text.Length = _cursor;
                        break;
                    case ConsoleKey.W when ctrl:
                    case ConsoleKey.Backspace when alt:
                        var start = WordStart(_cursor);
                        _text.Remove(start, _cursor - start);
                        _cursor = start;
                        break;
                    case ConsoleKey.UpArrow:
                    case ConsoleKey.P when ctrl:
                        if (browsing > 0)
                        {
                            if (browsing == history.Entries.Count)
                            {
                                draft = _text.ToString();
                            }

                            Replace(history.Entries[--browsing]);
                        }

                        break;
                    case ConsoleKey.DownArrow:
                    case ConsoleKey.N when ctrl:
                        if (browsing < history.Entries.Count)
                        {
                            browsing++;
                            Replace(browsing == history.Entries.Count ? draft : history.Entries[browsing]);
                        }

                        break;
                    case ConsoleKey.Tab:
                        Insert("    ");
                        break;
                    default:
                        if (!ctrl && !alt && key.KeyChar >= ' ' && key.KeyChar != '\u007f')
                        {
                            Insert(key.KeyChar);
                        }

                        break;
                }

                // A paste arrives as a burst of keys: draw once it has all arrived.
                if (!keys.KeyAvailable)
                {
                    Render();
                }
            }
        }
        finally
        {
            keys.CtrlCIsKey = false;
        }
    }

    private LineRead Finish(LineRead read, bool interrupted = false)
    {
        _cursor = _text.Length;
        Render();
        output.Write(interrupted ? "^C" + Environment.NewLine : Environment.NewLine);
        output.Flush();
        if (read.Kind == LineKind.Line && read.Text.Trim().Length > 0)
        {
            history.Add(read.Text);
        }

        return read;
    }

    private void Insert(char c)
    {
        _text.Insert(_cursor++, c);
    }

    private void Insert(string s)
    {
        _text.Insert(_cursor, s);
        _cursor += s.Length;
    }

    private void Replace(string text)
    {
        _text.Clear().Append(text);
        _cursor = _text.Length;
    }

    private int WordStart(int from)
    {
        var i = from;
        while (i > 0 && char.IsWhiteSpace(_text[i - 1]))
        {
            i--;
        }

        while (i > 0 && !char.IsWhiteSpace(_text[i - 1]))
        {
            i--;
        }

        return i;
    }

    private int WordEnd(int from)
    {
        var i = from;
        while (i < _text.Length && char.IsWhiteSpace(_text[i]))
        {
            i++;
        }

        while (i < _text.Length && !char.IsWhiteSpace(_text[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>Redraws the prompt row: the part of the text around the cursor that fits, then puts the cursor in place.</summary>
    private void Render()
    {
        var room = Math.Max(10, width() - _prompt.Length - 1);
        var start = _cursor < room ? 0 : _cursor - room + 1;
        var visible = _text.ToString(start, Math.Min(room, _text.Length - start)).Replace(Newline, ShownNewline);
        var column = _prompt.Length + (_cursor - start);
        output.Write($"\r{_prompt}{visible}\u001b[K\r");
        if (column > 0)
        {
            output.Write($"\u001b[{column}C");
        }

        output.Flush();
    }
}
