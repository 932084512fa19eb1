using ModelScale.ChatHost.Sessions;
using ModelScale.ChatHost.Terminal;
using ModelScale.Profiles.Catalog;
using Spectre.Console.Testing;

namespace ModelScale.ChatHost.Tests.Terminal;

/// <summary>What the REPL shows on a terminal, over a scripted session (no model): wrapped answers, /profiles, a broken history file.</summary>
public sealed class ChatReplTerminalTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"modelscale-repl-terminal-{Guid.NewGuid():N}");
    private readonly TestConsole _out = new();
    private readonly TestConsole _status = new();

    public ChatReplTerminalTests()
    {
        _out.Profile.Width = _status.Profile.Width = 400;
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static readonly ProfileListing[] Catalog =
    [
        new(new ModelProfile { Id = "1b", DisplayName = "Llama 3.2 1B Instruct", Parameters = 1_235_814_400, Quantization = "Q4_K_M" }, "/home/someone/.local/share/modelscale/models/Llama-3.2-1B-Instruct-Q4_K_M.gguf", OnDisk: true, Active: true, Resident: true),
        new(new ModelProfile { Id = "13b", DisplayName = "Llama 2 13B Chat", Parameters = 13_015_864_320, Quantization = "Q4_K_M" }, null, OnDisk: false, Active: false, Resident: false),
        new(new ModelProfile { Id = "stories", DisplayName = "A model whose display name goes on and on and on", Parameters = 292_000, Quantization = "F32" }, "/tmp/stories.gguf", OnDisk: true, Active: false, Resident: false),
    ];

    /// <summary>An ad-hoc model (/profile FILE): its id is the file's name, and its path is long.</summary>
    private static readonly ProfileListing AdHoc = new(
        new ModelProfile
        {
            Id = "Qwen2.5-Coder-32B-Instruct-IQ4_XS",
            DisplayName = "Qwen2.5-Coder-32B-Instruct-IQ4_XS.gguf",
            Path = "/data/a/very/long/folder/name/that/goes/on/Qwen2.5-Coder-32B-Instruct-IQ4_XS.gguf",
            Parameters = 32_763_876_352,
            Quantization = "IQ4_XS-imatrix",
            IsAdHoc = true,
        },
        "/data/a/very/long/folder/name/that/goes/on/Qwen2.5-Coder-32B-Instruct-IQ4_XS.gguf",
        OnDisk: true,
        Active: false,
        Resident: true);

    private async Task<ScriptedChatSession> RunAsync(string input, string answer = "An answer.", LineEditor? editor = null, IReadOnlyList<ProfileListing>? listings = null)
    {
        var session = new ScriptedChatSession(listings ?? Catalog) { Answer = answer };
        using var interrupts = new InterruptHandler();
        var repl = new ChatRepl(session, new ReplConsoles(_out, _status, Interactive: true), new StringReader(input), interrupts, new ReplOptions { Profile = "1b" }, editor: editor);
        Assert.True(await repl.RunAsync());
        return session;
    }

    [Fact]
    public async Task Answers_WrapAtWordBoundaries_ToTheTerminalsWidth()
    {
        _out.Profile.Width = 32;
        const string Answer = "Once upon a time, a little fox named Juniper wandered through the extraordinarily quiet woods\nand found a river.";

        await RunAsync("Tell me a story\n", Answer);

        var lines = _out.Output.Replace("> ", string.Empty, StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        Assert.All(lines, l => Assert.True(l.Length <= 32, $"'{l}' is {l.Length} columns"));
        Assert.True(lines.Count >= 4, string.Join('|', lines));

        // Every line holds whole words of the answer, in order: no word is cut where a line ends.
        Assert.Equal(Answer.Split([' ', '\n']), lines.SelectMany(l => l.Split(' ')));
        Assert.Contains("and found a river.", lines);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Profiles_FitsIn80Columns_WithoutPaths_EvenOnAWideTerminal_AndShowsEveryIdWhole(bool withAdHocModel)
    {
        IReadOnlyList<ProfileListing> listings = withAdHocModel ? [.. Catalog, AdHoc] : Catalog;

        await RunAsync("/profiles\n", listings: listings);

        var table = _out.Output.Split('\n').Select(l => l.TrimEnd('\r', ' ')).Where(l => l.Length > 0).ToList();
        Assert.All(table, l => Assert.True(l.Length <= 80, $"'{l}' is {l.Length} columns"));
        Assert.DoesNotContain("/data/", _out.Output);
        Assert.DoesNotContain("/tmp/", _out.Output);
        Assert.DoesNotContain(".local", _out.Output);

        // Every id is shown whole, as /profile takes it, in a cell of its own.
        Assert.All(listings, l => Assert.Contains(table, row => row.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(l.Profile.Id)));
        Assert.Contains(table, l => l.Contains("1.24 B", StringComparison.Ordinal) && l.Contains("Q4_K_M", StringComparison.Ordinal) && l.Contains("yes", StringComparison.Ordinal));
        Assert.Contains(table, l => l.Contains("292.0 K", StringComparison.Ordinal) && l.Contains("F32", StringComparison.Ordinal));
        Assert.Equal(!withAdHocModel, table.Any(l => l.Contains("Llama 3.2 1B Instruct", StringComparison.Ordinal)));
        if (withAdHocModel)
        {
            Assert.Contains(table, l => l.Contains("32.76 B", StringComparison.Ordinal) && l.Contains("IQ4_XS-…", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task AHistoryFileThatCannotBeWritten_IsOneNotice_AndTheChatGoesOn()
    {
        Directory.CreateDirectory(_folder);
        var blocked = Path.Combine(_folder, "a-file");
        await File.WriteAllTextAsync(blocked, "not a folder");
        var keys = new TypedKeys("hello\nagain\n");
        var consoles = new ReplConsoles(_out, _status, Interactive: true);
        var editor = new LineEditor(keys, new StringWriter(), new LineHistory(Path.Combine(blocked, LineHistory.FileName), consoles.Warning), () => 80);

        var session = await RunAsync(string.Empty, editor: editor);

        Assert.Equal(["hello", "again"], session.Sent);
        Assert.Equal(4, session.History.Count);
        var notice = Assert.Single(_status.Output.Split('\n'), l => l.StartsWith("warning:", StringComparison.Ordinal));
        Assert.StartsWith($"warning: The input history {Path.Combine(blocked, LineHistory.FileName)} cannot be written (", notice);
        Assert.EndsWith("this chat goes on without saving its history.", notice.TrimEnd());
        Assert.DoesNotContain("error:", _status.Output);
    }

    /// <summary>Types the text key by key, then Ctrl+D on the empty line that follows.</summary>
    private sealed class TypedKeys(string text) : IKeyReader
    {
        private readonly Queue<ConsoleKeyInfo> _keys = new(
            text.Select(c => c == '\n' ? new ConsoleKeyInfo('\r', ConsoleKey.Enter, false, false, false) : new ConsoleKeyInfo(c, ConsoleKey.A, false, false, false))
                .Append(new ConsoleKeyInfo('\u0004', ConsoleKey.D, false, false, true)));

        public ConsoleKeyInfo ReadKey() => _keys.Dequeue();

        public bool KeyAvailable => false;

        public bool CtrlCIsKey
        {
            set { }
        }
    }
}
