using ModelScale.Profiles.Catalog;

namespace ModelScale.Profiles.Tests.Catalog;

public sealed class CatalogLayeringTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly FakePlatformEnvironment _env = new() { HomeDirectory = "/nonexistent-home" };

    public void Dispose() => _temp.Dispose();

    private CatalogPaths Paths(string? builtIn = null, string? user = null)
        => new(builtIn ?? Path.Combine(_temp.Path, "app", "models.json"), user ?? Path.Combine(_temp.Path, "config", "models.json"), Path.Combine(_temp.Path, "models"));

    private string BuiltIn() => _temp.Write(Path.Combine("app", "models.json"), Json.Catalog(
        Json.Profile("1b", "one.gguf", "One"), Json.Profile("7b", "seven.gguf", "Seven"), Json.Profile("13b", "thirteen.gguf", "Thirteen")));

    [Fact]
    public void Load_WhenSameIdTwiceInOneFile_ThrowsDuplicateIdError()
    {
        var file = _temp.Write("dup.json", Json.Catalog(Json.Profile("7b"), Json.Profile("7b")));

        var error = Assert.Throws<CatalogException>(() => CatalogLoader.Load([file]));

        Assert.StartsWith($"Duplicate profile id '7b' in {file}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenLaterFileHasSameId_ReplacesTheProfileAndKeepsItsPlace()
    {
        var first = _temp.Write("a.json", Json.Catalog(Json.Profile("1b"), Json.Profile("7b", "seven.gguf", "Seven"), Json.Profile("13b")));
        var second = _temp.Write("b.json", Json.Catalog(Json.Profile("new"), Json.PathProfile("7b", "mine.gguf", "Mine")));

        var catalog = CatalogLoader.Load([first, second]);

        Assert.Equal(["1b", "7b", "13b", "new"], catalog.Profiles.Select(p => p.Id));
        var replaced = catalog.Get("7b");
        Assert.Equal("Mine", replaced.DisplayName);
        Assert.Equal(second, replaced.DeclaredIn);
        Assert.Null(replaced.Source);
        Assert.Equal([first, second], catalog.Sources);
    }

    [Fact]
    public void Load_WhenARequiredFileIsMissing_ThrowsNamingIt()
    {
        var missing = Path.Combine(_temp.Path, "missing.json");

        var error = Assert.Throws<CatalogException>(() => CatalogLoader.Load([missing]));

        Assert.Equal($"Catalog file {missing} does not exist.", error.Message);
    }

    [Fact]
    public void Load_WhenAnOptionalLayerIsMissing_SkipsItAndLeavesItOutOfSources()
    {
        var present = _temp.Write("a.json", Json.Catalog(Json.Profile("1b")));

        var catalog = CatalogLoader.Load([CatalogLayer.Optional(Path.Combine(_temp.Path, "none.json")), CatalogLayer.Required(present)]);

        Assert.Equal([present], catalog.Sources);
    }

    [Fact]
    public void Load_WhenFileMalformed_ReportsItsPathLineAndColumn()
    {
        var file = _temp.Write("bad.json", "{\n  \"version\": 1,\n  \"profiles\": [,]\n}");

        var error = Assert.Throws<CatalogException>(() => CatalogLoader.Load([file]));

        Assert.Equal(file, error.FilePath);
        Assert.Equal(3, error.LineNumber);
        Assert.Equal(16, error.Column);
        Assert.Contains($"{file} is not valid JSON at line 3, column 16", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadLayers_WhenNoCatalogFilesExist_ReturnsAnEmptyCatalog()
    {
        var catalog = CatalogLoader.LoadLayers(Paths(), explicitCatalog: null, _env);

        Assert.Empty(catalog.Profiles);
        Assert.Empty(catalog.Sources);
    }

    [Fact]
    public void LoadLayers_UserCatalogOverridesBuiltInById()
    {
        var builtIn = BuiltIn();
        var user = _temp.Write(Path.Combine("config", "models.json"), Json.Catalog(Json.PathProfile("7b", "my-qwen.gguf", "My Qwen")));

        var catalog = CatalogLoader.LoadLayers(Paths(), null, _env);

        Assert.Equal(["1b", "7b", "13b"], catalog.Profiles.Select(p => p.Id));
        Assert.Equal("My Qwen", catalog.Get("7b").DisplayName);
        Assert.Equal("One", catalog.Get("1b").DisplayName);
        Assert.Equal([builtIn, user], catalog.Sources);
    }

    [Fact]
    public void LoadLayers_UserPathResolvesAgainstTheUserCatalogsDirectory()
    {
        BuiltIn();
        _temp.Write(Path.Combine("config", "models.json"), Json.Catalog(Json.PathProfile("7b", "weights/my-qwen.gguf")));

        var catalog = CatalogLoader.LoadLayers(Paths(), null, _env);

        Assert.Equal(Path.Combine(_temp.Path, "config", "weights", "my-qwen.gguf"), catalog.Get("7b").Path);
    }

    [Fact]
    public void LoadLayers_ExplicitCatalogOverridesBuiltInAndUser()
    {
        var builtIn = BuiltIn();
        var user = _temp.Write(Path.Combine("config", "models.json"), Json.Catalog(Json.Profile("7b", "u.gguf", "User"), Json.Profile("13b", "u13.gguf", "User 13")));
        var explicitFile = _temp.Write(Path.Combine("cli", "extra.json"), Json.Catalog(Json.Profile("7b", "c.gguf", "Cli"), Json.Profile("3b", "c3.gguf", "Cli 3")));

        var catalog = CatalogLoader.LoadLayers(Paths(), explicitFile, _env);

        Assert.Equal(["1b", "7b", "13b", "3b"], catalog.Profiles.Select(p => p.Id));
        Assert.Equal(["One", "Cli", "User 13", "Cli 3"], catalog.Profiles.Select(p => p.DisplayName));
        Assert.Equal([builtIn, user, explicitFile], catalog.Sources);
    }

    [Fact]
    public void LoadLayers_EnvironmentCatalogIsAppliedAfterUserAndBeforeExplicit()
    {
        var builtIn = BuiltIn();
        var fromEnv = _temp.Write("env.json", Json.Catalog(Json.Profile("7b", "e.gguf", "Env"), Json.Profile("1b", "e1.gguf", "Env 1")));
        var explicitFile = _temp.Write("cli.json", Json.Catalog(Json.Profile("1b", "c1.gguf", "Cli 1")));
        _env.Variables[CatalogPaths.CatalogVariable] = fromEnv;

        var catalog = CatalogLoader.LoadLayers(Paths(), explicitFile, _env);

        Assert.Equal("Env", catalog.Get("7b").DisplayName);
        Assert.Equal("Cli 1", catalog.Get("1b").DisplayName);
        Assert.Equal([builtIn, fromEnv, explicitFile], catalog.Sources);
    }

    [Fact]
    public void LoadLayers_WhenExplicitCatalogMissing_Throws()
    {
        BuiltIn();
        var missing = Path.Combine(_temp.Path, "nope.json");

        var error = Assert.Throws<CatalogException>(() => CatalogLoader.LoadLayers(Paths(), missing, _env));

        Assert.Equal($"Catalog file {missing} does not exist.", error.Message);
    }

    [Fact]
    public void LoadLayers_WhenEnvironmentCatalogMissing_Throws()
    {
        var missing = Path.Combine(_temp.Path, "nope.json");
        _env.Variables[CatalogPaths.CatalogVariable] = missing;

        var error = Assert.Throws<CatalogException>(() => CatalogLoader.LoadLayers(Paths(), null, _env));

        Assert.Equal($"Catalog file {missing} does not exist.", error.Message);
    }

    [Fact]
    public void LoadLayers_WhenUserCatalogIsInvalid_ThrowsRatherThanSkipping()
    {
        BuiltIn();
        _temp.Write(Path.Combine("config", "models.json"), "{");

        Assert.Throws<CatalogException>(() => CatalogLoader.LoadLayers(Paths(), null, _env));
    }

    [Fact]
    public void LoadLayers_WhenTheSameFileIsNamedTwice_ReadsItOnce()
    {
        var builtIn = BuiltIn();

        var catalog = CatalogLoader.LoadLayers(Paths(), builtIn, _env);

        Assert.Equal([builtIn], catalog.Sources);
    }
}
