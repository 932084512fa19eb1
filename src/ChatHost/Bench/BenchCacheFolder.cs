using ModelScale.Profiles.Catalog;

namespace ModelScale.ChatHost.Bench;

/// <summary>
/// Where the benchmark keeps the synthetic model it writes: the per-user cache folder
/// ($XDG_CACHE_HOME/modelscale/bench or ~/.cache/modelscale/bench on Linux, %LOCALAPPDATA%\ModelScale\cache\bench on
/// Windows, ~/Library/Caches/ModelScale/bench on macOS). MODELSCALE_BENCH_CACHE or --cache-dir replaces it.
/// </summary>
public static class BenchCacheFolder
{
    public const string Variable = "MODELSCALE_BENCH_CACHE";

    public static string Resolve(IPlatformEnvironment env, string? overrideFolder)
    {
        ArgumentNullException.ThrowIfNull(env);
        var chosen = CatalogPaths.FromUser(env, overrideFolder) ?? CatalogPaths.FromUser(env, env.GetEnvironmentVariable(Variable));
        if (chosen is not null)
        {
            return chosen;
        }

        if (env.IsWindows)
        {
            return Under(env.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "ModelScale", "cache", "bench");
        }

        if (env.IsMacOS)
        {
            return Under(env.HomeDirectory, "Library", "Caches", "ModelScale", "bench");
        }

        var xdg = env.GetEnvironmentVariable("XDG_CACHE_HOME");
        return !string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg)
            ? Path.Combine(xdg, "modelscale", "bench")
            : Under(env.HomeDirectory, ".cache", "modelscale", "bench");
    }

    private static string Under(string? root, params string[] parts) =>
        string.IsNullOrEmpty(root)
            ? throw new BenchException($"No home folder is known to keep the benchmark model in; pass --cache-dir or set {Variable}.")
            : Path.Combine([root, .. parts]);
}
