using System.Text.Json;
using ModelScale.Profiles.Gguf;
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
        var (exit, stdout, stderr) = await _process.RunAsync("", "inspect", OwnModels.Tiny);

        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        Assert.Contains(OwnModels.Tiny, stdout);
        Assert.Matches(@"Architecture\s+llama", stdout);
        Assert.Matches(@"Parameters\s+[0-9.]+ K \(" + GgufReader.Read(OwnModels.Tiny).ParameterCount.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + @"\)", stdout);
        Assert.Matches(@"Layers\s+5", stdout);
        Assert.Matches(@"Heads\s+8 \(4 KV\), head dim 8", stdout);
        Assert.Matches(@"Training context\s+512 tokens", stdout);
        Assert.Matches(@"Q4_0\s*│\s*37", stdout);
        Assert.Matches(@"F32\s*│\s*11", stdout);
        Assert.DoesNotContain('\u001b', stdout);
    }

    [Fact]
    public async Task Json_IsAStableDocument()
    {
        var (exit, stdout, _) = await _process.RunAsync("", "inspect", OwnModels.Other, "--json");

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
        Assert.Equal("Q4_0", root.GetProperty("fileType").GetString());
        Assert.Equal(new FileInfo(OwnModels.Other).Length, root.GetProperty("fileSizeBytes").GetInt64());
        Assert.Equal(384, root.GetProperty("vocabularySize").GetInt64());
        Assert.Equal(
            [("Q4_0", 9), ("F32", 3)],
            root.GetProperty("tensorTypes").EnumerateArray().Select(t => (t.GetProperty("type").GetString(), t.GetProperty("tensorCount").GetInt32())).OrderByDescending(t => t.Item2));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("loadProblem").ValueKind);
    }

    [Fact]
    public async Task AProfileId_IsLookedUpInTheCatalog()
    {
        var catalog = Path.Combine(_process.Home, "catalog.json");
        await File.WriteAllTextAsync(catalog, $$"""
            { "version": 1, "profiles": [ { "id": "stories", "displayName": "Stories", "path": {{JsonSerializer.Serialize(OwnModels.Tiny)}} } ] }
            """);

        var (exit, stdout, _) = await _process.RunAsync("", "inspect", "stories", "--catalog", catalog, "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(OwnModels.Tiny, json.RootElement.GetProperty("path").GetString());
        Assert.Equal(GgufReader.Read(OwnModels.Tiny).ParameterCount, json.RootElement.GetProperty("parameterCount").GetInt64());
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
        var (exit, stdout, stderr) = await _process.RunAsync("", "inspect", OwnModels.GgufV1);

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("error: 'gguf-v1.gguf' is GGUF version 1", line);
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
