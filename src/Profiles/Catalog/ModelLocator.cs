namespace ModelScale.Profiles.Catalog;

/// <summary>Finds a profile's GGUF file: its own path, or the models folder plus its source file.</summary>
public sealed class ModelLocator
{
    public ModelLocator(string modelsDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelsDirectory);
        ModelsDirectory = Path.GetFullPath(modelsDirectory);
    }

    public string ModelsDirectory { get; }

    /// <summary>Where the profile's file is, or would be once downloaded.</summary>
    /// <exception cref="CatalogException">The profile has neither a path nor a source file.</exception>
    public string ResolvePath(ModelProfile p)
    {
        ArgumentNullException.ThrowIfNull(p);
        if (!string.IsNullOrWhiteSpace(p.Path))
        {
            return Path.GetFullPath(p.Path);
        }

        if (!string.IsNullOrWhiteSpace(p.Source?.File))
        {
            return Path.GetFullPath(Path.Combine(ModelsDirectory, p.Source.File));
        }

        if (p.Remote is { } remote)
        {
            throw new CatalogException($"Profile '{p.Id}' ({p.DisplayName}) is served by {remote.BaseUrl}; it has no local file.");
        }

        throw new CatalogException($"Profile '{p.Id}' ({p.DisplayName}) has neither a 'path' nor a 'source.file', so there is no file to look for.");
    }

    /// <summary>Whether the profile's file is on disk; always false for a remote profile, which has none.</summary>
    public bool IsOnDisk(ModelProfile p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return !p.IsRemote && File.Exists(ResolvePath(p));
    }

    /// <summary>Returns the profile's file path when it exists.</summary>
    /// <exception cref="CatalogException">The file is not there; the message says where it looked and how to get it.</exception>
    public string EnsureOnDisk(ModelProfile p)
    {
        var path = ResolvePath(p);
        if (File.Exists(path))
        {
            return path;
        }

        throw new CatalogException(NotOnDiskMessage(p, path));
    }

    private static string NotOnDiskMessage(ModelProfile p, string path)
    {
        if (p.IsAdHoc)
        {
            return $"Model file {path} does not exist.";
        }

        var looked = $"Profile '{p.Id}' ({p.DisplayName}) is not on disk: looked for {path}";
        if (!string.IsNullOrWhiteSpace(p.Path))
        {
            return p.DeclaredIn is null
                ? $"{looked}; check the profile's 'path'."
                : $"{looked}; check the 'path' declared in {p.DeclaredIn}.";
        }

        return p.Source?.Url is { } url
            ? $"{looked}. Download it with `modelscale pull {p.Id}`, or from {url}."
            : $"{looked}; put the file there, as the profile declares no download URL.";
    }
}
