namespace ModelScale.Tests.Shared;

/// <summary>The repository root: the folder above the test binaries that holds ModelScale.sln.</summary>
internal static class RepoRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Directory => Root.Value;

    public static string File(params string[] parts) => Path.Combine([Directory, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "ModelScale.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ModelScale.sln not found above " + AppContext.BaseDirectory);
    }
}
