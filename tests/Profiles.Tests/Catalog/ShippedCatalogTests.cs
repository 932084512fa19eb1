using System.Text.Json;
using ModelScale.Profiles.Catalog;
using ModelScale.Tests.Shared;

namespace ModelScale.Profiles.Tests.Catalog;

public sealed class ShippedCatalogTests
{
    private static readonly string ModelsJson = RepoRoot.File("models.json");
    private static readonly string SchemaJson = RepoRoot.File("models.schema.json");

    private static IReadOnlyList<ModelProfile> LoadShipped() => CatalogLoader.Parse(File.ReadAllText(ModelsJson), ModelsJson);

    [Fact]
    public void ShippedModelsJson_ParsesWithExactlyTheFourTiersInOrder()
    {
        var profiles = LoadShipped();

        Assert.Equal(["1b", "7b", "13b", "70b"], profiles.Select(p => p.Id));
    }

    [Theory]
    [InlineData("1b", "bartowski/Llama-3.2-1B-Instruct-GGUF", "Llama-3.2-1B-Instruct-Q4_K_M.gguf", 1_235_814_400L, "Llama 3.2 Community License")]
    [InlineData("7b", "bartowski/Qwen2.5-7B-Instruct-GGUF", "Qwen2.5-7B-Instruct-Q4_K_M.gguf", 7_615_616_512L, "Apache-2.0")]
    [InlineData("13b", "TheBloke/Llama-2-13B-chat-GGUF", "llama-2-13b-chat.Q4_K_M.gguf", 13_015_864_320L, "Llama 2 Community License")]
    [InlineData("70b", "bartowski/Llama-3.3-70B-Instruct-GGUF", "Llama-3.3-70B-Instruct-Q4_K_M.gguf", 70_553_706_496L, "Llama 3.3 Community License")]
    public void ShippedModelsJson_TierHasItsRepoFileUrlParametersAndLicenseAndNoInventedChecksum(
        string id, string repo, string file, long parameters, string license)
    {
        var profile = LoadShipped().Single(p => p.Id == id);

        Assert.Equal(repo, profile.Source?.HuggingFaceRepo);
        Assert.Equal(file, profile.Source?.File);
        Assert.Equal(new Uri($"https://huggingface.co/{repo}/resolve/main/{file}"), profile.Source?.Url);
        Assert.Equal(parameters, profile.Parameters);
        Assert.Equal(license, profile.License);
        Assert.Equal("Q4_K_M", profile.Quantization);
        Assert.Equal(4096, profile.ContextLength);
        Assert.Null(profile.Sha256);
        Assert.Null(profile.SizeBytes);
        Assert.Null(profile.Path);
        Assert.False(profile.IsAdHoc);
        Assert.Equal(Path.GetFullPath(ModelsJson), profile.DeclaredIn);
    }

    [Fact]
    public void ShippedModelsJson_PointsAtTheSchemaAndIsVersionOne()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(ModelsJson));

        Assert.Equal("./models.schema.json", document.RootElement.GetProperty("$schema").GetString());
        Assert.Equal(1, document.RootElement.GetProperty("version").GetInt32());
    }

    [Fact]
    public void Schema_IsDraft2020_12()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(SchemaJson));

        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema.RootElement.GetProperty("$schema").GetString());
    }

    [Fact]
    public void Schema_RequiredListsMatchTheLoadersRequiredFields()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(SchemaJson));
        var root = schema.RootElement;
        var profile = root.GetProperty("$defs").GetProperty("profile");

        Assert.Equal(CatalogLoader.RequiredRootFields, Strings(root.GetProperty("required")));
        Assert.Equal(CatalogLoader.RequiredProfileFields, Strings(profile.GetProperty("required")));
    }

    [Fact]
    public void Schema_PropertiesMatchTheFieldsTheLoaderKnows()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(SchemaJson));
        var root = schema.RootElement;
        var defs = root.GetProperty("$defs");

        Assert.Equal(Sorted(CatalogLoader.RootFields), Sorted(PropertyNames(root)));
        Assert.Equal(Sorted(CatalogLoader.ProfileFields), Sorted(PropertyNames(defs.GetProperty("profile"))));
        Assert.Equal(Sorted(CatalogLoader.SourceFields), Sorted(PropertyNames(defs.GetProperty("source"))));
        Assert.Equal(ProfileIds.Pattern, defs.GetProperty("profile").GetProperty("properties").GetProperty("id").GetProperty("pattern").GetString());
    }

    [Fact]
    public void ShippedModelsJson_HasTheShapeTheSchemaDescribes()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(SchemaJson));
        using var models = JsonDocument.Parse(File.ReadAllText(ModelsJson));
        var defs = schema.RootElement.GetProperty("$defs");
        var profileSchema = defs.GetProperty("profile");
        var sourceSchema = defs.GetProperty("source");
        var idPattern = new System.Text.RegularExpressions.Regex(ProfileIds.Pattern);

        AssertFieldsAllowed(models.RootElement, schema.RootElement);
        foreach (var profile in models.RootElement.GetProperty("profiles").EnumerateArray())
        {
            AssertFieldsAllowed(profile, profileSchema);
            Assert.Matches(idPattern, profile.GetProperty("id").GetString());
            AssertFieldsAllowed(profile.GetProperty("source"), sourceSchema);
        }
    }

    private static void AssertFieldsAllowed(JsonElement instance, JsonElement schema)
    {
        var allowed = PropertyNames(schema).ToHashSet();
        foreach (var property in instance.EnumerateObject())
        {
            Assert.Contains(property.Name, allowed);
        }

        var required = schema.TryGetProperty("required", out var list) ? Strings(list) : [];
        foreach (var name in required)
        {
            Assert.True(instance.TryGetProperty(name, out _), $"missing required '{name}'");
        }
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    private static IEnumerable<string> PropertyNames(JsonElement schema)
        => schema.TryGetProperty("properties", out var properties) ? properties.EnumerateObject().Select(p => p.Name) : [];

    private static string[] Sorted(IEnumerable<string> names) => [.. names.Order(StringComparer.Ordinal)];
}
