namespace ModelScale.ChatHost.Service;

/// <summary>
/// Whether a build of modelscale sits in a source tree's build output (<c>src/ChatHost/bin/Debug/net10.0</c>): such a
/// folder changes or disappears with the next build or `git clean`, so a service must not start from it, and a hint
/// must say `dotnet run --project ...` rather than a program name that is not on the PATH.
/// </summary>
public static class SourceTree
{
    public const string ProjectFileName = "ChatHost.csproj";

    /// <summary>The project folder (the one holding ChatHost.csproj) whose bin/Debug or bin/Release holds <paramref name="folder"/>, or null.</summary>
    public static string? ProjectFolderOf(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var parts = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)
            .Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar]);
        for (var i = parts.Length - 2; i >= 1; i--)
        {
            if (parts[i] is "Debug" or "Release" && string.Equals(parts[i - 1], "bin", StringComparison.OrdinalIgnoreCase))
            {
                var project = string.Join(Path.DirectorySeparatorChar, parts[..(i - 1)]);
                if (project.Length == 0)
                {
                    project = Path.DirectorySeparatorChar.ToString();
                }

                return File.Exists(Path.Combine(project, ProjectFileName)) ? project : null;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="path"/> (a file or folder) lies in a source tree's bin/Debug or bin/Release.</summary>
    public static bool IsBuildOutput(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var folder = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path)) ?? path;
        return ProjectFolderOf(folder) is not null;
    }
}
