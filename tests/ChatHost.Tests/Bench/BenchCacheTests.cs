using ModelScale.ChatHost.Bench;
using ModelScale.Profiles.Catalog;

namespace ModelScale.ChatHost.Tests.Bench;

public sealed class BenchCacheTests
{
    private sealed class FakeEnvironment : IPlatformEnvironment
    {
        public Dictionary<string, string?> Variables { get; } = [];

        public bool IsWindows { get; init; }

        public bool IsMacOS { get; init; }

        public string HomeDirectory { get; init; } = "/home/tester";

        public string? GetEnvironmentVariable(string name) => Variables.GetValueOrDefault(name);

        public string GetFolderPath(Environment.SpecialFolder folder) =>
            folder == Environment.SpecialFolder.LocalApplicationData ? @"C:\Users\tester\AppData\Local" : string.Empty;
    }

    [Fact]
    public void Linux_UsesXdgCacheHome_ElseDotCache()
    {
        var env = new FakeEnvironment();
        Assert.Equal(Path.Combine("/home/tester", ".cache", "modelscale", "bench"), BenchCacheFolder.Resolve(env, null));

        env.Variables["XDG_CACHE_HOME"] = "/var/cache/me";
        Assert.Equal(Path.Combine("/var/cache/me", "modelscale", "bench"), BenchCacheFolder.Resolve(env, null));
    }

    [Fact]
    public void Override_BeatsTheVariable_WhichBeatsTheDefault()
    {
        var env = new FakeEnvironment();
        env.Variables[BenchCacheFolder.Variable] = "/from/env";

        Assert.Equal(Path.GetFullPath("/from/env"), BenchCacheFolder.Resolve(env, null));
        Assert.Equal(Path.GetFullPath("/from/option"), BenchCacheFolder.Resolve(env, "/from/option"));
    }

    [Fact]
    public void SyntheticModel_NotWrittenYet_WithAMissingDonor_SaysSoAndWritesNothing()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"modelscale-bench-{Guid.NewGuid():N}");
        var model = new SyntheticBenchModel(folder);

        Assert.False(model.IsCurrent());
        var error = Assert.Throws<BenchException>(() => model.Ensure(tokenizerFrom: Path.Combine(folder, "none.gguf"), _ => { }));
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("own vocabulary", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void SyntheticModel_StampThatDoesNotMatch_IsNotCurrent()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"modelscale-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var model = new SyntheticBenchModel(folder);
            File.WriteAllBytes(model.Path, [0x47, 0x47, 0x55, 0x46]);
            File.WriteAllText(Path.ChangeExtension(model.Path, ".json"), """{"shape":"Synthetic-1B","scheme":"q4_0","seed":42,"sizeBytes":4}""");

            Assert.False(model.IsCurrent());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
