using ModelScale.Profiles.Catalog;

namespace ModelScale.Profiles.Tests.Catalog;

public sealed class CatalogValidationTests
{
    private static readonly string File = Path.Combine(Path.GetTempPath(), "catalogs", "models.json");

    private static CatalogException ParseFails(string json)
        => Assert.Throws<CatalogException>(() => CatalogLoader.Parse(json, File));

    private static ModelProfile ParseOne(string profileJson) => Assert.Single(CatalogLoader.Parse(Json.Catalog(profileJson), File));

    [Fact]
    public void Parse_WhenJsonMalformed_ReportsFileAndOneBasedLineAndColumn()
    {
        const string json = "{\n  \"version\": 1,\n  \"profiles\": [\n    { \"id\" \"7b\" }\n  ]\n}\n";

        var error = ParseFails(json);

        Assert.Equal(4, error.LineNumber);
        Assert.Equal(12, error.Column);
        Assert.Equal(File, error.FilePath);
        Assert.StartsWith($"Catalog file {File} is not valid JSON at line 4, column 12 (", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenFileIsEmpty_ReportsLineOneColumnOne()
    {
        var error = ParseFails(string.Empty);

        Assert.Contains("is not valid JSON at line 1, column 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AllowsCommentsAndTrailingCommas()
    {
        const string json = "{ // user notes\n \"version\": 1, \"profiles\": [ { \"id\": \"a\", \"displayName\": \"A\", \"path\": \"a.gguf\", }, ], }";

        Assert.Single(CatalogLoader.Parse(json, File));
    }

    [Fact]
    public void Parse_WhenTopLevelIsNotAnObject_Throws()
    {
        var error = ParseFails("[]");

        Assert.Contains("must hold a JSON object", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenVersionMissing_NamesTheField()
    {
        var error = ParseFails("{ \"profiles\": [] }");

        Assert.Equal($"Catalog file {File} is missing the required field 'version' (add \"version\": 1).", error.Message);
    }

    [Fact]
    public void Parse_WhenVersionUnsupported_SaysWhichVersionThisBuildReads()
    {
        var error = ParseFails("{ \"version\": 2, \"profiles\": [] }");

        Assert.Equal($"Catalog file {File} has version 2, but this build of ModelScale reads version 1.", error.Message);
    }

    [Fact]
    public void Parse_WhenProfilesMissing_NamesTheField()
    {
        var error = ParseFails("{ \"version\": 1 }");

        Assert.Equal($"Catalog file {File} is missing the required field 'profiles'.", error.Message);
    }

    [Fact]
    public void Parse_WhenProfilesEmpty_ReturnsNoProfiles()
    {
        Assert.Empty(CatalogLoader.Parse("{ \"$schema\": \"./models.schema.json\", \"version\": 1, \"profiles\": [] }", File));
    }

    [Fact]
    public void Parse_WhenIdMissing_NamesFieldIndexAndFile()
    {
        var error = ParseFails(Json.Catalog(Json.Profile("a"), """{ "displayName": "B", "path": "b.gguf" }"""));

        Assert.Equal($"Profiles[1] in {File} is missing the required field 'id'.", error.Message);
    }

    [Fact]
    public void Parse_WhenDisplayNameMissing_NamesFieldIdAndFile()
    {
        var error = ParseFails(Json.Catalog("""{ "id": "b", "path": "b.gguf" }"""));

        Assert.Equal($"Profiles[0] ('b') in {File} is missing the required field 'displayName'.", error.Message);
    }

    [Theory]
    [InlineData("\"id\": 7", "Field 'id' of profiles[0] in {0} must be a string, not a number.")]
    [InlineData("\"id\": \"a\", \"displayName\": \"A\", \"path\": \"a.gguf\", \"contextLength\": \"4096\"", "Field 'contextLength' of profiles[0] ('a') in {0} must be an integer, not a string.")]
    [InlineData("\"id\": \"a\", \"displayName\": \"A\", \"path\": \"a.gguf\", \"parameters\": true", "Field 'parameters' of profiles[0] ('a') in {0} must be an integer, not a boolean.")]
    [InlineData("\"id\": \"a\", \"displayName\": [\"A\"], \"path\": \"a.gguf\"", "Field 'displayName' of profiles[0] ('a') in {0} must be a string, not an array.")]
    [InlineData("\"id\": \"a\", \"displayName\": \"A\", \"source\": \"a.gguf\"", "Field 'source' of profiles[0] ('a') in {0} must be an object, not a string.")]
    [InlineData("\"id\": \"a\", \"displayName\": \"A\", \"source\": { \"file\": 3 }", "Field 'source.file' of profiles[0] ('a') in {0} must be a string, not a number.")]
    [InlineData("\"id\": \"a\", \"displayName\": null, \"path\": \"a.gguf\"", "Field 'displayName' of profiles[0] ('a') in {0} must be a string, not null.")]
    public void Parse_WhenFieldHasWrongType_NamesFieldProfileFileAndTypes(string fields, string expected)
    {
        var error = ParseFails(Json.Catalog("{ " + fields + " }"));

        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, File), error.Message);
    }

    [Fact]
    public void Parse_WhenProfileIsNotAnObject_Throws()
    {
        var error = ParseFails(Json.Catalog("\"7b\""));

        Assert.Equal($"Profiles[0] in {File} must be an object, not a string.", error.Message);
    }

    [Theory]
    [InlineData("7B")]
    [InlineData("-7b")]
    [InlineData(".hidden")]
    [InlineData("my model")]
    [InlineData("")]
    [InlineData("qwen/7b")]
    public void Parse_WhenIdInvalid_ExplainsTheIdRule(string id)
    {
        var error = ParseFails(Json.Catalog(Json.Profile(id)));

        Assert.Equal($"Invalid profile id '{id}' at profiles[0] in {File}: {ProfileIds.Rule}.", error.Message);
    }

    [Theory]
    [InlineData("7b")]
    [InlineData("a")]
    [InlineData("0")]
    [InlineData("qwen2.5-7b_q8")]
    public void Parse_WhenIdValid_AcceptsIt(string id)
    {
        Assert.Equal(id, ParseOne(Json.Profile(id)).Id);
    }

    [Fact]
    public void Parse_WhenSameIdTwiceInOneFile_ThrowsDuplicateIdError()
    {
        var error = ParseFails(Json.Catalog(Json.Profile("7b"), Json.Profile("1b"), Json.Profile("7b")));

        Assert.StartsWith($"Duplicate profile id '7b' in {File}: profiles[0] and profiles[2] both declare it", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("99999999999")]
    public void Parse_WhenContextLengthNotAPositiveInteger_Throws(string value)
    {
        var error = ParseFails(Json.Catalog($$"""{ "id": "a", "displayName": "A", "path": "a.gguf", "contextLength": {{value}} }"""));

        Assert.Equal($"Field 'contextLength' of profiles[0] ('a') in {File} must be a positive whole number of tokens, but it is {value}.", error.Message);
    }

    [Fact]
    public void Parse_WhenContextLengthOmitted_Uses4096()
    {
        Assert.Equal(4096, ParseOne(Json.Profile("a")).ContextLength);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("zz00000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("00000000000000000000000000000000000000000000000000000000000000000")]
    public void Parse_WhenSha256IsNot64HexChars_Throws(string sha256)
    {
        var error = ParseFails(Json.Catalog($$"""{ "id": "a", "displayName": "A", "path": "a.gguf", "sha256": "{{sha256}}" }"""));

        Assert.Equal($"Field 'sha256' of profiles[0] ('a') in {File} must be 64 hexadecimal characters, but it is '{sha256}' ({sha256.Length} characters).", error.Message);
    }

    [Fact]
    public void Parse_WhenSha256Valid_KeepsItInLowercase()
    {
        var sha = "ABCDEF" + new string('0', 58);

        var profile = ParseOne($$"""{ "id": "a", "displayName": "A", "path": "a.gguf", "sha256": "{{sha}}" }""");

        Assert.Equal(sha.ToLowerInvariant(), profile.Sha256);
    }

    [Theory]
    [InlineData("sizeBytes")]
    [InlineData("parameters")]
    public void Parse_WhenCountIsNotPositive_Throws(string field)
    {
        var error = ParseFails(Json.Catalog($$"""{ "id": "a", "displayName": "A", "path": "a.gguf", "{{field}}": 0 }"""));

        Assert.Equal($"Field '{field}' of profiles[0] ('a') in {File} must be positive, but it is 0.", error.Message);
    }

    [Theory]
    [InlineData("""{ "id": "a", "displayName": "A" }""")]
    [InlineData("""{ "id": "a", "displayName": "A", "source": { "huggingFaceRepo": "o/r" } }""")]
    [InlineData("""{ "id": "a", "displayName": "A", "source": null, "path": null }""")]
    public void Parse_WhenNeitherSourceFileNorPath_Throws(string profile)
    {
        var error = ParseFails(Json.Catalog(profile));

        Assert.Equal($"Profiles[0] ('a') in {File} needs 'path' (a local GGUF file), 'source.file' (a file in the models folder) or 'remote' (an OpenAI-compatible endpoint).", error.Message);
    }

    [Fact]
    public void Parse_WhenFieldUnknown_SuggestsTheClosestKnownField()
    {
        var error = ParseFails(Json.Catalog("""{ "id": "a", "displayName": "A", "path": "a.gguf", "contextLenght": 8192 }"""));

        Assert.Equal($"Unknown field 'contextLenght' in profiles[0] ('a') in {File} (did you mean 'contextLength'?).", error.Message);
    }

    [Fact]
    public void Parse_WhenFieldRepeated_Throws()
    {
        var error = ParseFails(Json.Catalog("""{ "id": "a", "displayName": "A", "path": "a.gguf", "path": "b.gguf" }"""));

        Assert.Equal($"Field 'path' appears more than once in profiles[0] ('a') in {File}.", error.Message);
    }

    [Fact]
    public void Parse_WhenUrlOmitted_DerivesTheHuggingFaceDownloadUrl()
    {
        var profile = ParseOne("""{ "id": "a", "displayName": "A", "source": { "huggingFaceRepo": "owner/repo", "file": "m.gguf" } }""");

        Assert.Equal(new Uri("https://huggingface.co/owner/repo/resolve/main/m.gguf"), profile.Source?.Url);
    }

    [Theory]
    [InlineData("ftp://example.com/m.gguf")]
    [InlineData("not a url")]
    public void Parse_WhenUrlIsNotHttp_Throws(string url)
    {
        var error = ParseFails(Json.Catalog($$"""{ "id": "a", "displayName": "A", "source": { "file": "m.gguf", "url": "{{url}}" } }"""));

        Assert.Equal($"Field 'source.url' of profiles[0] ('a') in {File} must be an http or https URL, but it is '{url}'.", error.Message);
    }

    [Theory]
    [InlineData("../escape.gguf")]
    [InlineData("/etc/m.gguf")]
    [InlineData("sub/../../m.gguf")]
    public void Parse_WhenSourceFileLeavesTheModelsFolder_Throws(string file)
    {
        var error = ParseFails(Json.Catalog(Json.Profile("a", file)));

        Assert.Equal($"Field 'source.file' of profiles[0] ('a') in {File} must be a file name inside the models folder, but it is '{file}'.", error.Message);
    }

    [Fact]
    public void Parse_WhenRepoIsNotOwnerSlashName_Throws()
    {
        var error = ParseFails(Json.Catalog("""{ "id": "a", "displayName": "A", "source": { "huggingFaceRepo": "justaname", "file": "m.gguf" } }"""));

        Assert.Contains("must look like \"owner/name\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenPathRelative_ResolvesAgainstTheCatalogFilesDirectory()
    {
        var profile = ParseOne(Json.PathProfile("mine", "weights/mine.gguf"));

        Assert.Equal(Path.Combine(Path.GetDirectoryName(File)!, "weights", "mine.gguf"), profile.Path);
    }

    [Fact]
    public void Parse_WhenPathAbsolute_KeepsIt()
    {
        var absolute = Path.Combine(Path.GetTempPath(), "elsewhere", "mine.gguf");

        var profile = ParseOne(Json.PathProfile("mine", absolute.Replace("\\", "\\\\", StringComparison.Ordinal)));

        Assert.Equal(absolute, profile.Path);
    }

    [Fact]
    public void Parse_ReadsEveryFieldAndRecordsWhereItWasDeclared()
    {
        var profile = ParseOne("""
            { "id": "x", "displayName": "X 3B", "family": "X", "parameters": 3000000000, "quantization": "Q8_0",
              "source": { "huggingFaceRepo": "o/r", "file": "x.gguf", "url": "https://example.com/x.gguf" },
              "sizeBytes": 123, "approximateSize": "3.2 GB", "contextLength": 8192, "chatTemplate": "chatml", "license": "MIT" }
            """);

        Assert.Equal(
            new ModelProfile
            {
                Id = "x",
                DisplayName = "X 3B",
                Family = "X",
                Parameters = 3_000_000_000,
                Quantization = "Q8_0",
                Source = new ModelSource("o/r", "x.gguf", new Uri("https://example.com/x.gguf")),
                SizeBytes = 123,
                ApproximateSize = "3.2 GB",
                ContextLength = 8192,
                ChatTemplate = "chatml",
                License = "MIT",
                DeclaredIn = File,
            },
            profile);
    }

    [Fact]
    public void Parse_WhenFamilyAndQuantizationOmitted_UsesUnknown()
    {
        var profile = ParseOne(Json.Profile("a"));

        Assert.Equal("unknown", profile.Family);
        Assert.Equal("unknown", profile.Quantization);
    }

    [Fact]
    public void Parse_ReadsAKnownShape()
    {
        var profile = ParseOne("""{ "id": "big", "displayName": "Big", "path": "big.gguf", "shape": "70b" }""");

        Assert.Equal("70b", profile.Shape);
    }

    [Fact]
    public void Parse_WhenShapeIsUnknown_ListsTheBuiltInShapes()
    {
        var error = ParseFails(Json.Catalog("""{ "id": "big", "displayName": "Big", "path": "big.gguf", "shape": "65b" }"""));

        Assert.Contains("shape '65b', which is not a built-in shape; use one of 1b, 7b, 13b, 70b, synthetic-1b", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ReadsARemoteTier()
    {
        var profile = ParseOne("""{ "id": "70b", "displayName": "70B on vLLM", "remote": { "baseUrl": "http://gpu-box:8000/v1", "model": "meta-llama/Llama-3.3-70B-Instruct", "apiKeyEnv": "VLLM_API_KEY" } }""");

        Assert.True(profile.IsRemote);
        Assert.Equal(new Uri("http://gpu-box:8000/v1"), profile.Remote!.BaseUrl);
        Assert.Equal("meta-llama/Llama-3.3-70B-Instruct", profile.Remote.Model);
        Assert.Equal("VLLM_API_KEY", profile.Remote.ApiKeyEnvironmentVariable);
        Assert.Equal("remote: gpu-box:8000", profile.Remote.Describe());
    }

    [Theory]
    [InlineData("""{ "baseUrl": "gpu-box:8000", "model": "m" }""", "must be an http or https URL")]
    [InlineData("""{ "baseUrl": "ftp://gpu-box/v1", "model": "m" }""", "must be an http or https URL")]
    [InlineData("""{ "model": "m" }""", "missing the required field 'baseUrl'")]
    [InlineData("""{ "baseUrl": "http://gpu-box:8000/v1" }""", "missing the required field 'model'")]
    [InlineData("""{ "baseUrl": "http://gpu-box:8000/v1", "model": "m", "apiKeyEnv": "sk-abc123 secret" }""", "must name an environment variable")]
    [InlineData("""{ "baseUrl": "http://gpu-box:8000/v1", "model": "m", "apiKey": "sk-abc" }""", "apiKey")]
    [InlineData("\"http://gpu-box:8000/v1\"", "must be an object")]
    public void Parse_WhenRemoteIsBad_SaysWhatIsWrong(string remote, string expected)
    {
        var error = ParseFails(Json.Catalog($$"""{ "id": "r", "displayName": "R", "remote": {{remote}} }"""));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenATierHasBothAFileAndARemote_RefusesIt()
    {
        var error = ParseFails(Json.Catalog("""{ "id": "r", "displayName": "R", "path": "r.gguf", "remote": { "baseUrl": "http://gpu-box:8000/v1", "model": "m" } }"""));

        Assert.Contains("has both a file ('path' or 'source') and 'remote'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARemoteTier_IsNeverOnDiskAndHasNoPath()
    {
        var profile = ParseOne("""{ "id": "r", "displayName": "R", "remote": { "baseUrl": "http://gpu-box:8000/v1", "model": "m" } }""");
        var locator = new ModelLocator(Path.GetTempPath());

        Assert.False(locator.IsOnDisk(profile));
        var error = Assert.Throws<CatalogException>(() => locator.EnsureOnDisk(profile));
        Assert.Contains("is served by http://gpu-box:8000/v1", error.Message, StringComparison.Ordinal);
    }
}
