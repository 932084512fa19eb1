using System.Text.Json;
using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Commands;

/// <summary>`modelscale inspect` as a script runs it: paths and profile ids, --json, and bad files.</summary>
public sealed class InspectCommandProcessTests : IDisposable
{
    private readonly ModelScaleProcess _process = new();

    public void Dispose() => _process.Dispose();

    [Fact]
    public async Task APath_ShowsTheModelsShapeAndQuantization()
    {
        var (exit, stdout, stderr) = await _process.RunAsync("", "inspect", TestModels.Stories260K);

        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        Assert.Contains(TestModels.Stories260K, stdout);
        Assert.Matches(@"Architecture\s+llama", stdout);
        Assert.Matches(@"Parameters\s+292\.8 K \(292,800\)", stdout);
        Assert.Matches(@"Layers\s+5", stdout);
        Assert.Matches(@"Heads\s+8 \(4 KV\), head dim 8", stdout);
        Assert.Matches(@"Training context\s+2,048 tokens", stdout);
        Assert.Matches(@"F32\s*│\s*48", stdout);
        Assert.DoesNotContain('\u001b', stdout);
    }

    [Fact]
    public async Task Json_IsAStableDocument()
    {
        var (exit, stdout, _) = await _process.RunAsync("", "inspect", TestModels.TinyRandom, "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(
            [
                "path", "fileSizeBytes", "ggufVersion", "name", "architecture", "parameterCount", "parameters", "fileType",
                "dominantType", "tensorTypes", "blockCount", "embeddingLength", "feedForwardLength", "headCount",
                "headCountKv", "headDimension", "vocabularySize", "contextLength", "ropeFreqBase", "hasChatTemplate",
                "splitCount", "tensorCount", "tensorDataBytes", "loadProblem",
            ],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("llama", root.GetProperty("architecture").GetString());
        Assert.Equal("F16", root.GetProperty("fileType").GetString());
        Assert.Equal(1_750_560, root.GetProperty("fileSizeBytes").GetInt64());
        Assert.Equal(32_000, root.GetProperty("vocabularySize").GetInt64());
        var first = root.GetProperty("tensorTypes")[0];
        Assert.Equal(("F16", 9), (first.GetProperty("type").GetString(), first.GetProperty("tensorCount").GetInt32()));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("loadProblem").ValueKind);
    }

    [Fact]
    public async Task AProfileId_IsLookedUpInTheCatalog()
    {
        var catalog = Path.Combine(_process.Home, "catalog.json");
        await File.WriteAllTextAsync(catalog, $$"""
            { "version": 1, "profiles": [ { "id": "stories", "displayName": "Stories", "path": {{JsonSerializer.Serialize(TestModels.Stories260K)}} } ] }
            """);

        var (exit, stdout, _) = await _process.RunAsync("", "inspect", "stories", "--catalog", catalog, "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(TestModels.Stories260K, json.RootElement.GetProperty("path").GetString());
        Assert.Equal(292_800, json.RootElement.GetProperty("parameterCount").GetInt64());
    }

    [Fact]
    public async Task AProfileNotOnDisk_SaysWhereItLooked()
    {
        var (exit, stdout, stderr) = await _process.RunAsync("", "inspect", "7b", "--models-dir", _process.Home);

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Contains(Path.Combine(_process.Home, "Qwen2.5-7B-Instruct-Q4_K_M.gguf"), stderr);
    }

    [Fact]
    public async Task AGgufVersion1File_IsOneLineOnStderr_WithExitCode1_AndNoStackTrace()
    {
        var (exit, stdout, stderr) = await _process.RunAsync("", "inspect", TestModels.GgufV1);

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("error: 'stories260K-gguf-v1.gguf' is GGUF version 1", line);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public async Task AFileThatIsNotGguf_IsOneLineOnStderr_WithExitCode1()
    {
        var notGguf = Path.Combine(_process.Home, "notes.gguf");
        await File.WriteAllTextAsync(notGguf, "plain text, not a model");

        var (exit, _, stderr) = await _process.RunAsync("", "inspect", notGguf, "--json");

        Assert.Equal(1, exit);
        var line = Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.Equal("error: 'notes.gguf' is not a GGUF file: it starts with 0x69616C70 instead of the 'GGUF' magic.", line);
    }
}
