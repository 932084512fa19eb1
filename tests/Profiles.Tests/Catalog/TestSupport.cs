using ModelScale.Profiles.Catalog;
using ModelScale.Tests.Shared;

namespace ModelScale.Profiles.Tests.Catalog;

/// <summary>A temporary folder under Path.GetTempPath(), deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "modelscale-catalog-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string relativePath, string content)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>An environment the test controls completely: no real HOME, no real variables.</summary>
internal sealed class FakePlatformEnvironment : IPlatformEnvironment
{
    public Dictionary<string, string?> Variables { get; } = [];

    public Dictionary<Environment.SpecialFolder, string> Folders { get; } = [];

    public bool IsWindows { get; init; }

    public bool IsMacOS { get; init; }

    public string HomeDirectory { get; init; } = "/home/tester";

    public string? GetEnvironmentVariable(string name) => Variables.GetValueOrDefault(name);

    public string GetFolderPath(Environment.SpecialFolder folder) => Folders.GetValueOrDefault(folder, string.Empty);
}

/// <summary>Builds small catalog files for tests.</summary>
internal static class Json
{
    public static string Catalog(params string[] profiles)
        => "{\n  \"version\": 1,\n  \"profiles\": [\n" + string.Join(",\n", profiles) + "\n  ]\n}\n";

    public static string Profile(string id, string file = "model.gguf", string displayName = "Model")
        => $$"""    { "id": "{{id}}", "displayName": "{{displayName}}", "source": { "file": "{{file}}" } }""";

    public static string PathProfile(string id, string path, string displayName = "Local")
        => $$"""    { "id": "{{id}}", "displayName": "{{displayName}}", "path": "{{path}}" }""";
}
