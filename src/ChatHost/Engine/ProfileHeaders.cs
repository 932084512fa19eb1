using ModelScale.Profiles.Catalog;
using ModelScale.Profiles.Gguf;
using ModelScale.Profiles.Synthetic;

namespace ModelScale.ChatHost.Engine;

/// <summary>
/// The GGUF header to plan a profile from: its file's, or, for a catalog tier not downloaded yet, the header of its
/// built-in shape (the catalog's "shape"), so a plan needs no download.
/// </summary>
public static class ProfileHeaders
{
    /// <summary>Where the header came from ("the file's path", or a sentence about the shape), the header, and whether it is a shape's.</summary>
    /// <exception cref="CatalogException">Not on disk and no shape to fall back on.</exception>
    public static (string Source, GgufFile Header, bool FromShape) Read(ModelProfile profile, ModelLocator locator, bool allowShape = true)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(locator);
        if (allowShape && !locator.IsOnDisk(profile) && ModelShapes.TryGet(profile.Shape, out var shape))
        {
            var scheme = QuantizationScheme.TryGet(profile.Quantization, out var declared) ? declared : QuantizationScheme.Q4_K_M;
            var source = $"not on disk; planned from the built-in {profile.Shape} shape at {scheme.Id.ToUpperInvariant()}";
            return (source, new SyntheticGgufWriter(shape, scheme).ReadHeader($"{profile.Id} ({shape.Name} shape)"), true);
        }

        var path = locator.EnsureOnDisk(profile);
        return (path, GgufReader.Read(path), false);
    }

    /// <summary>The context a plan uses by default: the profile's, capped at what the model was trained for.</summary>
    public static int DefaultContext(ModelProfile profile, GgufFile header)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(header);
        return header.ContextLength is > 0 and var trained ? Math.Min(trained, profile.ContextLength) : profile.ContextLength;
    }
}
