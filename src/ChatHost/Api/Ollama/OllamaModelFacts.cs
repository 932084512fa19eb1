using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ModelScale.Profiles.Catalog;
using ModelScale.Profiles.Errors;
using ModelScale.Profiles.Gguf;
using ModelScale.Profiles.Store;

namespace ModelScale.ChatHost.Api.Ollama;

/// <summary>
/// The model files behind the Ollama endpoints: the catalog's local profiles whose file is on disk, each with its GGUF
/// header (read once per file version) and a digest. The digest is the file's SHA-256 when the catalog or the lock
/// file of the first download records it (nothing is hashed per request); otherwise it is a SHA-256 of the file's path,
/// size and modification time, which names this version of the file but is not the hash of its bytes.
/// </summary>
public sealed class OllamaModelFacts(ProfileCatalog catalog, ModelLocator locator)
{
    private readonly ConcurrentDictionary<(string Path, long Size, DateTime Modified), (GgufFile Header, string Digest)> _files = new();

    /// <summary>Every local profile whose file is on disk and readable.</summary>
    public IReadOnlyList<OllamaModelFile> OnDisk() =>
        [.. catalog.Profiles.Where(p => !p.IsRemote).Select(TryRead).OfType<OllamaModelFile>()];

    /// <summary>The file of a profile id; null when the id is unknown, remote or not on disk.</summary>
    public OllamaModelFile? Find(string profileId) =>
        catalog.TryGet(profileId, out var profile) && !profile.IsRemote ? TryRead(profile) : null;

    private OllamaModelFile? TryRead(ModelProfile profile)
    {
        try
        {
            if (!locator.IsOnDisk(profile))
            {
                return null;
            }

            var path = locator.ResolvePath(profile);
            var info = new FileInfo(path);
            // The header and the digest (which may read the lock file) are worked out once per version of the file.
            var (header, digest) = _files.GetOrAdd((path, info.Length, info.LastWriteTimeUtc), _ => (GgufReader.Read(path), Digest(profile, path, info)));
            return new OllamaModelFile(profile, path, info.Length, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero), header, digest);
        }
        catch (Exception ex) when (ex is ModelScaleException or IOException or UnauthorizedAccessException)
        {
            // A file that cannot be read is not a model this server can answer with; `modelscale inspect` says why.
            return null;
        }
    }

    private string Digest(ModelProfile profile, string path, FileInfo info)
    {
        if (profile.Sha256 is { Length: 64 } sha256)
        {
            return sha256.ToLowerInvariant();
        }

        var relative = Path.GetRelativePath(locator.ModelsDirectory, path);
        if (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative)
            && new ModelLockFile(locator.ModelsDirectory).Find(relative) is { } recorded && recorded.SizeBytes == info.Length)
        {
            return recorded.Sha256.ToLowerInvariant();
        }

        var identity = string.Create(CultureInfo.InvariantCulture, $"{path}\n{info.Length}\n{info.LastWriteTimeUtc.Ticks}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)));
    }
}
