using System.Collections.Frozen;
using System.Security.Cryptography;

namespace ModelScale.ChatHost.Web;

/// <summary>One file of the page, read once from the assembly's embedded resources.</summary>
public sealed record WebAsset(string Path, string ContentType, byte[] Content, string ETag);

/// <summary>
/// The page's static files (Web/wwwroot, embedded in the assembly as "web/NAME"): a fixed list, so no request path
/// ever reaches a file name. Each file gets a strong ETag from its content hash.
/// </summary>
public static class WebAssets
{
    /// <summary>The URL path of the page shell.</summary>
    public const string Shell = "/";

    private static readonly (string Path, string Resource, string ContentType)[] Files =
    [
        (Shell, "web/index.html", "text/html; charset=utf-8"),
        ("/web/app.js", "web/app.js", "text/javascript; charset=utf-8"),
        ("/web/app.css", "web/app.css", "text/css; charset=utf-8"),
        ("/web/icon.svg", "web/icon.svg", "image/svg+xml"),
    ];

    private static readonly Lazy<FrozenDictionary<string, WebAsset>> Loaded = new(Load);

    /// <summary>Every file of the page, by URL path.</summary>
    public static IReadOnlyDictionary<string, WebAsset> All => Loaded.Value;

    /// <summary>Whether <paramref name="path"/> is one of the page's files (served without an API key).</summary>
    public static bool IsAsset(string? path) => path is not null && Loaded.Value.ContainsKey(path);

    private static FrozenDictionary<string, WebAsset> Load()
    {
        var assembly = typeof(WebAssets).Assembly;
        return Files.ToFrozenDictionary(
            f => f.Path,
            f =>
            {
                using var stream = assembly.GetManifestResourceStream(f.Resource)
                    ?? throw new InvalidOperationException($"The page file '{f.Resource}' is not embedded in {assembly.GetName().Name}; the build is broken.");
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                var bytes = copy.ToArray();
                return new WebAsset(f.Path, f.ContentType, bytes, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}\"");
            },
            StringComparer.Ordinal);
    }
}
