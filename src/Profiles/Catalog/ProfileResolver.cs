namespace ModelScale.Profiles.Catalog;

/// <summary>Turns what the user typed (a profile id or a GGUF path) into a profile.</summary>
public static class ProfileResolver
{
    /// <summary>
    /// A path when it ends in ".gguf", contains a directory separator or names an existing file; otherwise a profile id.
    /// </summary>
    /// <exception cref="CatalogException">An id that is not in the catalog, or an empty argument.</exception>
    public static ModelProfile Resolve(ProfileCatalog catalog, string idOrPath)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(idOrPath);

        if (string.IsNullOrWhiteSpace(idOrPath))
        {
            throw new CatalogException(catalog.Profiles.Count == 0
                ? "No model given: pass a path to a .gguf file."
                : $"No model given: pass a profile id ({string.Join(", ", catalog.Ids)}) or a path to a .gguf file.");
        }

        return LooksLikePath(idOrPath) ? ModelProfile.FromFile(idOrPath) : catalog.Get(idOrPath);
    }

    /// <summary>Whether <paramref name="idOrPath"/> is treated as a file path rather than a profile id.</summary>
    public static bool LooksLikePath(string idOrPath)
    {
        ArgumentNullException.ThrowIfNull(idOrPath);
        return idOrPath.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase)
            || idOrPath.Contains('/', StringComparison.Ordinal)
            || idOrPath.Contains('\\', StringComparison.Ordinal)
            || idOrPath.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || File.Exists(idOrPath);
    }
}
