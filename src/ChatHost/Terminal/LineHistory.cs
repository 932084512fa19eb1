using System.Text;
using ModelScale.ChatHost.Sessions.Store;

namespace ModelScale.ChatHost.Terminal;

/// <summary>
/// The chat's input history, kept across sessions in a private file (0600) in the per-user data folder, one entry a
/// line (a multi-line message has its newlines escaped). A file that cannot be read or written costs one warning and
/// the history of this session only; the chat goes on.
/// </summary>
public sealed class LineHistory
{
    public const string FileName = "chat-history.txt";

    /// <summary>The most entries kept; older ones are dropped when the file is rewritten.</summary>
    public const int MaxEntries = 1000;

    private readonly List<string> _entries = [];
    private readonly string? _path;
    private readonly Action<string> _warn;
    private bool _broken;

    /// <summary>A history kept in <paramref name="path"/> (null: this session only); <paramref name="warn"/> hears the one warning.</summary>
    public LineHistory(string? path, Action<string> warn)
    {
        ArgumentNullException.ThrowIfNull(warn);
        _path = path;
        _warn = warn;
        Load();
    }

    /// <summary>Oldest first.</summary>
    public IReadOnlyList<string> Entries => _entries;

    /// <summary>Adds an entry (not a repeat of the last one) and appends it to the file.</summary>
    public void Add(string entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (string.IsNullOrWhiteSpace(entry) || (_entries.Count > 0 && _entries[^1] == entry))
        {
            return;
        }

        _entries.Add(entry);
        if (_entries.Count > MaxEntries)
        {
            _entries.RemoveRange(0, _entries.Count - MaxEntries);
        }

        Save(Escape(entry) + "\n");
    }

    public static string Escape(string entry) =>
        entry.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    public static string Unescape(string line)
    {
        var text = new StringBuilder(line.Length);
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '\\' && i + 1 < line.Length)
            {
                i++;
                text.Append(line[i] switch { 'n' => '\n', 'r' => '\r', _ => line[i] });
            }
            else
            {
                text.Append(line[i]);
            }
        }

        return text.ToString();
    }

    private void Load()
    {
        if (_path is null || !File.Exists(_path))
        {
            return;
        }

        try
        {
            var lines = File.ReadAllLines(_path);
            _entries.AddRange(lines.Where(l => l.Length > 0).TakeLast(MaxEntries).Select(Unescape));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Fail($"cannot be read ({ex.Message})");
        }
    }

    private void Save(string line)
    {
        if (_path is null || _broken)
        {
            return;
        }

        try
        {
            // What was typed is as private as the sessions: the folder created 0700, the file 0600.
            PrivateFiles.CreateFolder(Path.GetDirectoryName(_path)!);
            var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(_path, options))
            using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
            {
                writer.Write(line);
            }

            if (_entries.Count == MaxEntries && new FileInfo(_path).Length > 4 * MaxEntries * 200)
            {
                PrivateFiles.WriteAllText(_path, string.Concat(_entries.Select(e => Escape(e) + Environment.NewLine)));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Fail($"cannot be written ({ex.Message})");
        }
    }

    private void Fail(string what)
    {
        _broken = true;
        _warn($"The input history {_path} {what}; this chat goes on without saving its history.");
    }
}
