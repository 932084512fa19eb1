namespace ModelScale.Profiles.Catalog;

/// <summary>Where the catalog layers and the models folder are on this machine.</summary>
public sealed class CatalogPaths
{
    /// <summary>The catalog file name, both beside the executable and in the user's config folder.</summary>
    public const string CatalogFileName = "models.json";

    /// <summary>Overrides the models folder (an explicit --models-dir beats it).</summary>
    public const string ModelsDirectoryVariable = "MODELSCALE_MODELS_DIR";

    /// <summary>Names an extra catalog layer, applied after the user's catalog and before --catalog.</summary>
    public const string CatalogVariable = "MODELSCALE_CATALOG";

    public CatalogPaths(string? builtIn, string? user, string modelsDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelsDirectory);
        BuiltIn = builtIn;
        User = user;
        ModelsDirectory = modelsDirectory;
    }

    /// <summary>The catalog shipped beside the executable (resolved against AppContext.BaseDirectory).</summary>
    public string? BuiltIn { get; }

    /// <summary>The per-user catalog in the OS's config folder; null when there is no home folder to put it in.</summary>
    public string? User { get; }

    /// <summary>The folder downloaded models live in.</summary>
    public string ModelsDirectory { get; }

    /// <summary>Resolves the paths with the catalog beside the running executable.</summary>
    /// <param name="env">The environment to read.</param>
    /// <param name="modelsDirOverride">An explicit models folder (from --models-dir); beats MODELSCALE_MODELS_DIR.</param>
    public static CatalogPaths Resolve(IPlatformEnvironment env, string? modelsDirOverride)
        => Resolve(env, modelsDirOverride, AppContext.BaseDirectory);

    /// <summary>Resolves the paths with the built-in catalog in <paramref name="baseDirectory"/>.</summary>
    public static CatalogPaths Resolve(IPlatformEnvironment env, string? modelsDirOverride, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentException.ThrowIfNullOrWhiteSpace(baseDirectory);

        var builtIn = Path.Combine(baseDirectory, CatalogFileName);
        var configFolder = AppConfigFolder(env);
        var user = configFolder is null ? null : Path.Combine(configFolder, CatalogFileName);

        var modelsDirectory = FromUser(env, modelsDirOverride)
            ?? FromUser(env, env.GetEnvironmentVariable(ModelsDirectoryVariable))
            ?? DefaultModelsFolder(env)
            ?? throw new CatalogException(
                $"Cannot work out a models folder because no home folder is known; pass --models-dir or set {ModelsDirectoryVariable}.");

        return new CatalogPaths(builtIn, user, modelsDirectory);
    }

    /// <summary>
    /// Makes a path the user typed absolute: empty means none, a leading "~" is the home folder, and a relative path
    /// is against the working directory (it came from the command line or the environment, not from a file).
    /// </summary>
    public static string? FromUser(IPlatformEnvironment env, string? path)
    {
        ArgumentNullException.ThrowIfNull(env);
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        path = path.Trim();
        if ((path == "~" || path.StartsWith("~/", StringComparison.Ordinal) || path.StartsWith("~\\", StringComparison.Ordinal))
            && !string.IsNullOrEmpty(env.HomeDirectory))
        {
            path = Path.Combine(env.HomeDirectory, path.Length > 2 ? path[2..] : string.Empty);
        }

        return Path.GetFullPath(path);
    }

    private static string? AppConfigFolder(IPlatformEnvironment env)
    {
        if (env.IsWindows)
        {
            return Under(env.GetFolderPath(Environment.SpecialFolder.ApplicationData), "ModelScale");
        }

        if (env.IsMacOS)
        {
            return Under(env.HomeDirectory, "Library", "Application Support", "ModelScale");
        }

        return Under(XdgFolder(env, "XDG_CONFIG_HOME", ".config"), "modelscale");
    }

    private static string? DefaultModelsFolder(IPlatformEnvironment env) => Under(DataFolder(env), "models");

    /// <summary>
    /// The per-user data folder: <c>$XDG_DATA_HOME/modelscale</c> (or <c>~/.local/share/modelscale</c>) on Linux,
    /// <c>%LOCALAPPDATA%\ModelScale</c> on Windows, <c>~/Library/Application Support/ModelScale</c> on macOS; null when
    /// no home folder is known. Models and the session database live under it.
    /// </summary>
    public static string? DataFolder(IPlatformEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(env);
        if (env.IsWindows)
        {
            return Under(env.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "ModelScale");
        }

        if (env.IsMacOS)
        {
            return Under(env.HomeDirectory, "Library", "Application Support", "ModelScale");
        }

        return Under(XdgFolder(env, "XDG_DATA_HOME", Path.Combine(".local", "share")), "modelscale");
    }

    /// <summary>An XDG base folder: the variable when it is an absolute path (the spec says to ignore relative ones), else under home.</summary>
    private static string? XdgFolder(IPlatformEnvironment env, string variable, string underHome)
    {
        var value = env.GetEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(value) && Path.IsPathRooted(value))
        {
            return value;
        }

        return string.IsNullOrEmpty(env.HomeDirectory) ? null : Path.Combine(env.HomeDirectory, underHome);
    }

    private static string? Under(string? root, params string[] parts)
        => string.IsNullOrEmpty(root) ? null : Path.Combine([root, .. parts]);
}
