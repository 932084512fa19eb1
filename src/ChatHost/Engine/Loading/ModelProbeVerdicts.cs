using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelScale.ChatHost.Engine.Loading;

/// <summary>One remembered probe: the file it was about, whether it passed, and why not.</summary>
public sealed record ModelProbeVerdict(ModelFileIdentity File, bool Passed, string? Reason, DateTimeOffset ProbedAt);

/// <summary>
/// The probe verdicts remembered across runs, in one small JSON file in the per-user data folder (0600 in a 0700
/// folder), so a file is probed once per identity. A missing or unreadable file is an empty memory, never an error:
/// the worst it costs is a probe run again.
/// </summary>
public sealed class ModelProbeVerdicts
{
    public const string FileName = "probe-verdicts.json";

    /// <summary>The most verdicts kept; the oldest go first.</summary>
    public const int MaxVerdicts = 256;

    private readonly Lock _gate = new();
    private readonly string? _path;
    private readonly Dictionary<string, ModelProbeVerdict> _memory = new(StringComparer.Ordinal);

    /// <param name="folder">The per-user data folder; null keeps verdicts in memory only.</param>
    public ModelProbeVerdicts(string? folder)
    {
        _path = folder is null ? null : Path.Combine(folder, FileName);
    }

    public string? FilePath => _path;

    /// <summary>The verdict for exactly this identity (same path, size, time and header hash), if one is remembered.</summary>
    public ModelProbeVerdict? Find(ModelFileIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        lock (_gate)
        {
            if (_memory.TryGetValue(identity.Path, out var known) && known.File == identity)
            {
                return known;
            }

            var stored = Load().FirstOrDefault(v => v.File == identity);
            if (stored is not null)
            {
                _memory[identity.Path] = stored;
            }

            return stored;
        }
    }

    public void Remember(ModelProbeVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        lock (_gate)
        {
            _memory[verdict.File.Path] = verdict;
            if (_path is null)
            {
                return;
            }

            // Re-read first: another process may have probed other files since.
            var all = Load().Where(v => v.File.Path != verdict.File.Path).Append(verdict)
                .OrderByDescending(v => v.ProbedAt).Take(MaxVerdicts).ToList();
            try
            {
                Save(_path, all);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Unwritable data folder: the verdict holds for this process, and the next one probes again.
            }
        }
    }

    private List<ModelProbeVerdict> Load()
    {
        if (_path is null || !File.Exists(_path))
        {
            return [];
        }

        try
        {
            var info = new FileInfo(_path);
            if (info.Length > 4 * 1024 * 1024)
            {
                return [];
            }

            return JsonSerializer.Deserialize(File.ReadAllText(_path), ProbeJsonContext.Default.ListModelProbeVerdict) ?? [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return [];
        }
    }

    private static void Save(string path, List<ModelProbeVerdict> verdicts)
    {
        var folder = Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var temp = $"{path}.{Environment.ProcessId}.tmp";
        File.Delete(temp);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, options))
        {
            JsonSerializer.Serialize(stream, verdicts, ProbeJsonContext.Default.ListModelProbeVerdict);
        }

        File.Move(temp, path, overwrite: true);
    }
}

[JsonSerializable(typeof(List<ModelProbeVerdict>))]
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class ProbeJsonContext : JsonSerializerContext;
