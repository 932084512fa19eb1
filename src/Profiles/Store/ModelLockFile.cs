using System.Security.Cryptography;
using System.Text.Json;

namespace ModelScale.Profiles.Store;

/// <summary>
/// <c>modelscale.lock.json</c> in the models folder: the URL, size and SHA-256 of each file's first download, so that a
/// later pull of a file whose catalog entry has no checksum is still held to the bytes it had the first time.
/// </summary>
public sealed class ModelLockFile
{
    public const string FileName = "modelscale.lock.json";

    private static readonly TimeSpan WaitForWriter = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(50);

    public ModelLockFile(string modelsDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelsDirectory);
        Path = System.IO.Path.GetFullPath(System.IO.Path.Combine(modelsDirectory, FileName));
    }

    /// <summary>The lock file's full path.</summary>
    public string Path { get; }

    /// <summary>The entry for a file name in the models folder, or null when it was never recorded.</summary>
    /// <exception cref="PullException">The lock file exists but is not valid.</exception>
    public ModelLockEntry? Find(string fileName) => Read().Files.GetValueOrDefault(Key(fileName));

    /// <summary>Adds or replaces the entry for a file, with a read-modify-write that other pulls wait for.</summary>
    /// <exception cref="PullException">The lock file is not valid, or another process kept it busy for too long.</exception>
    public async Task RecordAsync(string fileName, ModelLockEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var writer = await AcquireWriterAsync(cancellationToken);
        var document = Read();
        document.Files[Key(fileName)] = entry with { Sha256 = entry.Sha256.ToLowerInvariant() };
        var sorted = new ModelLockDocument
        {
            Files = document.Files.OrderBy(f => f.Key, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal),
        };

        // A temporary file and a rename: a failed write never leaves a half-written lock file.
        var temp = Path + ".tmp";
        await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(sorted, StoreJsonContext.Default.ModelLockDocument) + "\n", CancellationToken.None);
        File.Move(temp, Path, overwrite: true);
    }

    /// <summary>File names are keys with forward slashes, the way the catalog writes them.</summary>
    private static string Key(string fileName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        return fileName.Replace('\\', '/');
    }

    private ModelLockDocument Read()
    {
        string json;
        try
        {
            if (!File.Exists(Path))
            {
                return new ModelLockDocument();
            }

            json = File.ReadAllText(Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PullException($"Cannot read the lock file {Path} ({ex.Message}).", ex);
        }

        ModelLockDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, StoreJsonContext.Default.ModelLockDocument);
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber is { } n ? $" at line {n + 1}" : string.Empty;
            throw new PullException($"The lock file {Path} is not valid JSON{line}; fix it or delete it (later pulls then record the files again).", ex);
        }

        if (document is null || document.Version != ModelLockDocument.CurrentVersion || document.Files is null)
        {
            throw new PullException($"The lock file {Path} is not a version {ModelLockDocument.CurrentVersion} lock file; fix it or delete it.");
        }

        foreach (var (name, entry) in document.Files)
        {
            if (entry?.Url is null || !IsSha256(entry.Sha256) || entry.SizeBytes < 0)
            {
                throw new PullException($"The entry for '{name}' in the lock file {Path} needs a url, a sizeBytes and a 64-digit hex sha256; fix it or delete it.");
            }
        }

        return document;
    }

    private async Task<ExclusiveFileLock> AcquireWriterAsync(CancellationToken cancellationToken)
    {
        var lockPath = Path + ".lock";
        var deadline = Environment.TickCount64 + (long)WaitForWriter.TotalMilliseconds;
        while (true)
        {
            if (ExclusiveFileLock.TryAcquire(lockPath) is { } acquired)
            {
                return acquired;
            }

            if (Environment.TickCount64 > deadline)
            {
                throw new PullException($"Another process has been writing the lock file {Path} for over {WaitForWriter.TotalSeconds:0} seconds; try again.");
            }

            await Task.Delay(RetryDelay, cancellationToken);
        }
    }

    internal static bool IsSha256(string? hex) => hex is { Length: SHA256.HashSizeInBytes * 2 } && hex.All(char.IsAsciiHexDigit);
}
