using ModelScale.ChatHost.Terminal;

namespace ModelScale.ChatHost.Tests.Terminal;

/// <summary>The line editor driven by a scripted console: each key as a terminal sends it.</summary>
public sealed class LineEditorTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"modelscale-history-{Guid.NewGuid():N}");
    private readonly List<string> _warnings = [];

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private string HistoryPath => Path.Combine(_folder, LineHistory.FileName);

    private static ConsoleKeyInfo Key(ConsoleKey key, char c = '\0', bool ctrl = false, bool alt = false) => new(c, key, shift: false, alt, ctrl);

    private static ConsoleKeyInfo Ctrl(ConsoleKey key) => Key(key, ctrl: true);

    private static IEnumerable<ConsoleKeyInfo> Type(string text) => text.Select(c => c == '\n'
        ? Key(ConsoleKey.Enter, '\r')
        : Key(char.IsAsciiLetter(c) ? Enum.Parse<ConsoleKey>(char.ToUpperInvariant(c).ToString()) : ConsoleKey.Oem1, c));

    private (LineEditor Editor, ScriptedKeys Keys, StringWriter Screen) Editor(string? historyPath = null, int width = 80)
    {
        var keys = new ScriptedKeys();
        var screen = new StringWriter();
        return (new LineEditor(keys, screen, new LineHistory(historyPath, _warnings.Add), () => width), keys, screen);
    }

    [Fact]
    public void CursorKeys_HomeEnd_AndTheEmacsKeys_EditInPlace()
    {
        var (editor, keys, _) = Editor();
        keys.Add(Type("world"));
        keys.Add(Key(ConsoleKey.Home), Key(ConsoleKey.H, 'h'), Key(ConsoleKey.I, 'i'), Key(ConsoleKey.Spacebar, ' '));
        keys.Add(Key(ConsoleKey.End), Key(ConsoleKey.LeftArrow), Key(ConsoleKey.LeftArrow), Key(ConsoleKey.Backspace), Key(ConsoleKey.Delete));
        keys.Add(Key(ConsoleKey.Enter, '\r'));

        Assert.Equal(new LineRead(LineKind.Line, "hi wod"), editor.ReadLine("> "));

        keys.Add(Type("one two three"));
        keys.Add(Ctrl(ConsoleKey.W), Ctrl(ConsoleKey.A), Ctrl(ConsoleKey.K));
        keys.Add(Type("fresh start"), Ctrl(ConsoleKey.E), Key(ConsoleKey.LeftArrow, ctrl: true), Ctrl(ConsoleKey.U), Key(ConsoleKey.Enter, '\r'));

        Assert.Equal(new LineRead(LineKind.Line, "start"), editor.ReadLine("> "));
    }

    [Fact]
    public void CtrlU_IsAnEdit_NeverACharacterInTheMessage()
    {
        var (editor, keys, _) = Editor();
        keys.Add(Type("oops"), Ctrl(ConsoleKey.U), Type("ok"), Key(ConsoleKey.Enter, '\r'));

        var read = editor.ReadLine("> ");

        Assert.Equal("ok", read.Text);
        Assert.DoesNotContain('\u0015', read.Text);
    }

    [Fact]
    public void UpAndDown_WalkTheHistory_KeptAcrossSessions_InAPrivateFile()
    {
        var (first, keys, _) = Editor(HistoryPath);
        keys.Add(Type("first question\n"));
        first.ReadLine("> ");
        keys.Add(Type("second\\"), Key(ConsoleKey.Enter, '\r'), Type("question"), Key(ConsoleKey.Enter, '\r'));
        first.ReadLine("> ");

        var (again, keys2, _) = Editor(HistoryPath);
        keys2.Add(Type("draft"), Key(ConsoleKey.UpArrow), Key(ConsoleKey.UpArrow), Key(ConsoleKey.UpArrow), Key(ConsoleKey.DownArrow));
        keys2.Add(Key(ConsoleKey.Enter, '\r'));
        var recalled = again.ReadLine("> ");
        keys2.Add(Key(ConsoleKey.UpArrow), Key(ConsoleKey.DownArrow), Key(ConsoleKey.Enter, '\r'));
        var back = again.ReadLine("> ");

        Assert.Equal("second\nquestion", recalled.Text);
        Assert.Equal(string.Empty, back.Text);
        Assert.Equal(["first question", "second\nquestion"], again.History.Entries);
        Assert.Equal(2, File.ReadAllLines(HistoryPath).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(HistoryPath));
        }

        Assert.Empty(_warnings);
    }

    [Fact]
    public void APaste_KeepsItsLines_AndABackslashGoesOnBelow()
    {
        var (editor, keys, screen) = Editor();
        keys.Add(Type("line one\\"), Key(ConsoleKey.Enter, '\r'), Type("line two"), Key(ConsoleKey.Enter, '\r'));
        var typed = editor.ReadLine("> ");

        keys.AddBurst(Type("pasted a\npasted b"));
        keys.Add(Type(" and more"), Key(ConsoleKey.Enter, '\r'));
        var pasted = editor.ReadLine("> ");

        Assert.Equal("line one\nline two", typed.Text);
        Assert.Equal("pasted a\npasted b and more", pasted.Text);
        Assert.Contains("pasted a↵pasted b and more", screen.ToString());
    }

    [Fact]
    public void CtrlC_ClearsALine_AndOnAnEmptyLineEndsTheChat_CtrlD_Too()
    {
        var (editor, keys, screen) = Editor();
        keys.Add(Type("half a tho"), Ctrl(ConsoleKey.C));
        var cleared = editor.ReadLine("> ");
        keys.Add(Ctrl(ConsoleKey.C));
        var quit = editor.ReadLine("> ");
        keys.Add(Ctrl(ConsoleKey.D));
        var end = editor.ReadLine("> ");

        Assert.Equal(new LineRead(LineKind.Line, string.Empty), cleared);
        Assert.Equal(LineKind.Interrupt, quit.Kind);
        Assert.Equal(LineKind.EndOfInput, end.Kind);
        Assert.Equal(2, screen.ToString().Split("^C" + Environment.NewLine).Length - 1);
        Assert.EndsWith("\r> \u001b[K\r\u001b[2C" + Environment.NewLine, screen.ToString());
        Assert.False(keys.CtrlCIsKeyNow);
    }

    [Fact]
    public void ALongLine_ScrollsSideways_AndKeepsTheCursorInSight()
    {
        var (editor, keys, screen) = Editor(width: 20);
        keys.Add(Type(new string('x', 30) + "END"), Key(ConsoleKey.Enter, '\r'));

        var read = editor.ReadLine("> ");

        Assert.Equal(33, read.Text.Length);
        var lastDraw = screen.ToString().Split('\r', StringSplitOptions.RemoveEmptyEntries).Last(s => s.StartsWith("> ", StringComparison.Ordinal));
        Assert.EndsWith("END\u001b[K", lastDraw);
        Assert.True(lastDraw.Length - "\u001b[K".Length <= 20, lastDraw);
    }

    [Fact]
    public void AHistoryFileThatCannotBeWritten_IsOneWarning_AndTheEditorGoesOn()
    {
        Directory.CreateDirectory(_folder);
        var blocked = Path.Combine(_folder, "a-file");
        File.WriteAllText(blocked, "not a folder");
        var (editor, keys, _) = Editor(Path.Combine(blocked, LineHistory.FileName));
        keys.Add(Type("one\n"), Type("two\n"));

        Assert.Equal("one", editor.ReadLine("> ").Text);
        Assert.Equal("two", editor.ReadLine("> ").Text);
        var warning = Assert.Single(_warnings);
        Assert.StartsWith($"The input history {Path.Combine(blocked, LineHistory.FileName)} cannot be written (", warning);
        Assert.EndsWith("; this chat goes on without saving its history.", warning);
        Assert.Equal(["one", "two"], editor.History.Entries);
    }

    /// <summary>Keys in order; a burst is keys that are already waiting when the one before is read, as in a paste.</summary>
    private sealed class ScriptedKeys : IKeyReader
    {
        private readonly Queue<(ConsoleKeyInfo Key, bool InBurst)> _keys = new();

        public bool CtrlCIsKeyNow { get; private set; }

        public bool CtrlCIsKey
        {
            set => CtrlCIsKeyNow = value;
        }

        public bool KeyAvailable => _keys.TryPeek(out var next) && next.InBurst;

        /// <summary>Keys typed one by one: each item is a key or a sequence of keys.</summary>
        public void Add(params object[] items)
        {
            foreach (var item in items)
            {
                foreach (var key in item is ConsoleKeyInfo one ? [one] : (IEnumerable<ConsoleKeyInfo>)item)
                {
                    _keys.Enqueue((key, false));
                }
            }
        }

        public void AddBurst(IEnumerable<ConsoleKeyInfo> keys)
        {
            var list = keys.ToList();
            for (var i = 0; i < list.Count; i++)
            {
                // Every key after the first of the burst is already waiting.
                _keys.Enqueue((list[i], i > 0));
            }
        }

        public ConsoleKeyInfo ReadKey() => _keys.Count > 0 ? _keys.Dequeue().Key : throw new InvalidOperationException("The script ran out of keys.");
    }
}
