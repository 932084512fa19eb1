using ModelScale.ChatHost.Bench;
using ModelScale.Profiles.Catalog;
using ModelScale.Profiles.Synthetic;

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

    [Fact]
    public void SyntheticModel_OfAnotherShapeAndScheme_HasItsOwnFileIdAndName()
    {
        var folder = Path.Combine(Path.GetTempPath(), "bench");

        var first = new SyntheticBenchModel(folder);
        var other = new SyntheticBenchModel(folder, ModelShapes.Synthetic8B, QuantizationScheme.Q4_K_M, seed: 7);

        Assert.Equal(Path.Combine(folder, "synthetic-1b-q4_0-seed42.gguf"), first.Path);
        Assert.Equal(("synthetic-1b", "synthetic 1B (random Q4_0)"), (first.Id, first.DisplayName));
        Assert.Equal(Path.Combine(folder, "synthetic-8b-q4_k_m-seed7.gguf"), other.Path);
        Assert.Equal(("synthetic-8b-q4_k_m", "synthetic 8B (random Q4_K_M)"), (other.Id, other.DisplayName));
        Assert.Equal(["13b", "synthetic-1b", "synthetic-8b"], SyntheticBenchModel.Shapes);
    }
}
