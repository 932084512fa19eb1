namespace ModelScale.Profiles.Catalog;

/// <summary>The environment and OS lookups the catalog needs, injectable so tests never touch the real ones.</summary>
public interface IPlatformEnvironment
{
    string? GetEnvironmentVariable(string name);

    string GetFolderPath(Environment.SpecialFolder folder);

    bool IsWindows { get; }

    bool IsMacOS { get; }

    string HomeDirectory { get; }
}

/// <summary>The real process environment.</summary>
public sealed class SystemPlatformEnvironment : IPlatformEnvironment
{
    public static SystemPlatformEnvironment Instance { get; } = new();

    public bool IsWindows => OperatingSystem.IsWindows();

    public bool IsMacOS => OperatingSystem.IsMacOS();

    public string HomeDirectory => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    public string? GetEnvironmentVariable(string name) => Environment.GetEnvironmentVariable(name);

    public string GetFolderPath(Environment.SpecialFolder folder) => Environment.GetFolderPath(folder);
}
