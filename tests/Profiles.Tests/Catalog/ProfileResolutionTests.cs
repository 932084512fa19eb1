using ModelScale.Profiles.Catalog;

namespace ModelScale.Profiles.Tests.Catalog;

public sealed class ProfileResolutionTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static ModelProfile Tier(string id, string displayName, string file, string repo = "owner/repo") => new()
    {
        Id = id,
        DisplayName = displayName,
        Quantization = "Q4_K_M",
        Source = new ModelSource(repo, file, new Uri($"https://huggingface.co/{repo}/resolve/main/{file}")),
        DeclaredIn = "/app/models.json",
    };

    private static readonly ProfileCatalog Tiers = new(
        [Tier("1b", "One", "one.gguf"), Tier("7b", "Qwen2.5 7B Instruct", "Qwen2.5-7B-Instruct-Q4_K_M.gguf", "bartowski/Qwen2.5-7B-Instruct-GGUF"), Tier("13b", "Thirteen", "13.gguf"), Tier("70b", "Seventy", "70.gguf")],
        ["/app/models.json"]);

    [Fact]
    public void Get_WhenIdUnknown_ListsTheValidIdsInCatalogOrder()
    {
        var error = Assert.Throws<CatalogException>(() => Tiers.Get("mistral"));

        Assert.Equal("Unknown profile 'mistral'. Valid ids: 1b, 7b, 13b, 70b.", error.Message);
    }

    [Theory]
    [InlineData("13", "13b")]
    [InlineData("7bb", "7b")]
    [InlineData("70c", "70b")]
    public void Get_WhenIdIsANearMiss_SuggestsTheClosestId(string typed, string suggested)
    {
        var error = Assert.Throws<CatalogException>(() => Tiers.Get(typed));

        Assert.Equal($"Unknown profile '{typed}' (did you mean '{suggested}'?). Valid ids: 1b, 7b, 13b, 70b.", error.Message);
    }

    [Fact]
    public void Get_WhenCatalogIsEmpty_SaysSo()
    {
        var error = Assert.Throws<CatalogException>(() => ProfileCatalog.Empty.Get("7b"));

        Assert.Equal("Unknown profile '7b': the catalog has no profiles.", error.Message);
    }

    [Fact]
    public void TryGet_FindsIdsIgnoringCaseAndReportsMisses()
    {
        Assert.True(Tiers.TryGet("70B", out var profile));
        Assert.Equal("70b", profile.Id);
        Assert.False(Tiers.TryGet("3b", out _));
    }

    [Fact]
    public void Catalog_WhenTwoProfilesShareAnId_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ProfileCatalog([Tier("a", "A", "a.gguf"), Tier("a", "B", "b.gguf")], []));
    }

    [Fact]
    public void Resolve_WhenArgumentIsAnId_ReturnsTheCatalogProfile()
    {
        Assert.Same(Tiers.Profiles[1], ProfileResolver.Resolve(Tiers, "7b"));
    }

    [Fact]
    public void Resolve_WhenIdUnknown_ThrowsListingValidIds()
    {
        var error = Assert.Throws<CatalogException>(() => ProfileResolver.Resolve(Tiers, "3b"));

        Assert.EndsWith("Valid ids: 1b, 7b, 13b, 70b.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("model.gguf")]
    [InlineData("MODEL.GGUF")]
    [InlineData("models/7b")]
    [InlineData("models\\7b")]
    public void Resolve_WhenArgumentEndsInGgufOrHasASeparator_MakesAnAdHocProfile(string argument)
    {
        var profile = ProfileResolver.Resolve(Tiers, argument);

        Assert.True(profile.IsAdHoc);
        Assert.Equal(Path.GetFullPath(argument), profile.Path);
    }

    [Fact]
    public void Resolve_WhenArgumentIsAnExistingFileWithoutExtension_TreatsItAsAPath()
    {
        var file = _temp.Write("weights", "not really gguf");

        var profile = ProfileResolver.Resolve(Tiers, file);

        Assert.True(profile.IsAdHoc);
        Assert.Equal("weights", profile.Id);
    }

    [Fact]
    public void Resolve_WhenArgumentIsBlank_SaysWhatToPass()
    {
        var error = Assert.Throws<CatalogException>(() => ProfileResolver.Resolve(Tiers, " "));

        Assert.Equal("No model given: pass a profile id (1b, 7b, 13b, 70b) or a path to a .gguf file.", error.Message);
    }

    [Fact]
    public void FromFile_MakesAnAdHocProfileNamedAfterTheFile()
    {
        var path = Path.Combine(_temp.Path, "TinyLlama-1.1B.Q8_0.gguf");

        var profile = ModelProfile.FromFile(path);

        Assert.Equal("TinyLlama-1.1B.Q8_0", profile.Id);
        Assert.Equal("TinyLlama-1.1B.Q8_0.gguf", profile.DisplayName);
        Assert.Equal("unknown", profile.Family);
        Assert.Equal("unknown", profile.Quantization);
        Assert.Equal(path, profile.Path);
        Assert.Equal(4096, profile.ContextLength);
        Assert.True(profile.IsAdHoc);
        Assert.Null(profile.DeclaredIn);
        Assert.Null(profile.Source);
        Assert.Null(profile.Sha256);
    }

    [Fact]
    public void FromFile_WithFamilyQuantizationAndContext_KeepsThem()
    {
        var profile = ModelProfile.FromFile("m.gguf", 2048, "Llama 3.2", "Q8_0");

        Assert.Equal(Path.GetFullPath("m.gguf"), profile.Path);
        Assert.Equal(2048, profile.ContextLength);
        Assert.Equal("Llama 3.2", profile.Family);
        Assert.Equal("Q8_0", profile.Quantization);
    }

    [Fact]
    public void FromFile_WhenContextLengthNotPositive_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelProfile.FromFile("m.gguf", 0));
    }

    [Fact]
    public void Locator_ForASourceProfile_LooksInTheModelsFolder()
    {
        var locator = new ModelLocator(_temp.Path);

        Assert.Equal(Path.Combine(_temp.Path, "one.gguf"), locator.ResolvePath(Tiers.Get("1b")));
    }

    [Fact]
    public void Locator_ForAPathProfile_UsesItsPath()
    {
        var locator = new ModelLocator(_temp.Path);
        var profile = Tiers.Get("7b") with { Path = "/elsewhere/mine.gguf" };

        Assert.Equal(Path.GetFullPath("/elsewhere/mine.gguf"), locator.ResolvePath(profile));
    }

    [Fact]
    public void Locator_WhenFileExists_IsOnDiskAndEnsureReturnsThePath()
    {
        var file = _temp.Write("one.gguf", "x");
        var locator = new ModelLocator(_temp.Path);

        Assert.True(locator.IsOnDisk(Tiers.Get("1b")));
        Assert.Equal(file, locator.EnsureOnDisk(Tiers.Get("1b")));
    }

    [Fact]
    public void EnsureOnDisk_WhenMissing_SaysWhereItLookedAndHowToGetIt()
    {
        var models = Path.Combine(_temp.Path, "models");
        var locator = new ModelLocator(models);

        Assert.False(locator.IsOnDisk(Tiers.Get("7b")));
        var error = Assert.Throws<CatalogException>(() => locator.EnsureOnDisk(Tiers.Get("7b")));

        Assert.Equal(
            $"Profile '7b' (Qwen2.5 7B Instruct) is not on disk: looked for {Path.Combine(models, "Qwen2.5-7B-Instruct-Q4_K_M.gguf")}. "
            + "Download it with `modelscale pull 7b`, or from https://huggingface.co/bartowski/Qwen2.5-7B-Instruct-GGUF/resolve/main/Qwen2.5-7B-Instruct-Q4_K_M.gguf.",
            error.Message);
    }

    [Fact]
    public void EnsureOnDisk_WhenADeclaredPathIsMissing_NamesThePathAndTheCatalogFile()
    {
        var missing = Path.Combine(_temp.Path, "mine.gguf");
        var profile = new ModelProfile { Id = "mine", DisplayName = "Mine", Path = missing, DeclaredIn = "/home/u/.config/modelscale/models.json" };

        var error = Assert.Throws<CatalogException>(() => new ModelLocator(_temp.Path).EnsureOnDisk(profile));

        Assert.Equal($"Profile 'mine' (Mine) is not on disk: looked for {missing}; check the 'path' declared in /home/u/.config/modelscale/models.json.", error.Message);
    }

    [Fact]
    public void EnsureOnDisk_WhenAnAdHocFileIsMissing_NamesTheFile()
    {
        var missing = Path.Combine(_temp.Path, "nothing.gguf");

        var error = Assert.Throws<CatalogException>(() => new ModelLocator(_temp.Path).EnsureOnDisk(ModelProfile.FromFile(missing)));

        Assert.Equal($"Model file {missing} does not exist.", error.Message);
    }

    [Fact]
    public void ResolvePath_WhenProfileHasNeitherPathNorSourceFile_Throws()
    {
        var profile = new ModelProfile { Id = "x", DisplayName = "X" };

        Assert.Throws<CatalogException>(() => new ModelLocator(_temp.Path).ResolvePath(profile));
    }
}
