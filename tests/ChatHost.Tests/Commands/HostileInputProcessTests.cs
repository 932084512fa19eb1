using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ModelScale.Profiles.Gguf;
using ModelScale.Tests.Shared;
using ModelScale.Tests.Shared.Hostile;

namespace ModelScale.ChatHost.Tests.Commands;

/// <summary>
/// Issue 18, findings 1, 12 and 13, through the built executable: files that are not regular files are refused
/// before they are opened (no hang), text from a file cannot drive the terminal or swell an error to kilobytes, a
/// catalog chat template has a cap, and a model that kills llama.cpp kills only the probe child.
/// </summary>
public sealed class HostileInputProcessTests : IDisposable
{
    private readonly ModelScaleProcess _process = new();

    public void Dispose() => _process.Dispose();

    [LinuxFact]
    public async Task Inspect_OfAFifo_IsOneSentence_InsteadOfWaitingForAWriter()
    {
        var fifo = MakeFifo("model.gguf");

        var (exit, stdout, stderr) = await _process.RunAsync("", "inspect", fifo);

        AssertOneSentence(exit, stdout, stderr, "is a named pipe (FIFO), not a GGUF model");
    }

    [LinuxFact]
    public async Task Inspect_OfDevZero_IsOneSentence() =>
        AssertOneSentence(await _process.RunAsync("", "inspect", "/dev/zero"), "'/dev/zero' is a device, not a GGUF model");

    [LinuxFact]
    public async Task Inspect_OfAProcEntry_IsOneSentence() =>
        AssertOneSentence(await _process.RunAsync("", "inspect", "/proc/self/status"), "under /proc or /sys");

    [Fact]
    public async Task Inspect_OfAFolder_IsOneSentence()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_process.Home, "folder.gguf")).FullName;

        AssertOneSentence(await _process.RunAsync("", "inspect", folder), "is a folder, not a GGUF model");
    }

    [LinuxFact]
    public async Task ACatalogThatIsAFifo_IsOneSentence()
    {
        var fifo = MakeFifo("catalog.json");

        AssertOneSentence(await _process.RunAsync("", "--catalog", fifo, "inspect", "stories"), "is a named pipe (FIFO), not a catalog file");
    }

    [LinuxFact]
    public async Task DevZeroAsACatalog_IsOneSentence() =>
        AssertOneSentence(await _process.RunAsync("", "--catalog", "/dev/zero", "inspect", "stories"), "is a device, not a catalog file");

    [LinuxFact]
    public async Task AConversationThatIsAFifo_IsOneSentence()
    {
        var fifo = MakeFifo("conversation.json");

        AssertOneSentence(await _process.RunAsync("", "replay", fifo, "--profiles", "1b"), "is a named pipe (FIFO), not a conversation file");
    }

    [LinuxFact]
    public async Task DevZeroAsAConversation_IsOneSentence() =>
        AssertOneSentence(await _process.RunAsync("", "replay", "/dev/zero", "--profiles", "1b"), "is a device, not a conversation file");

    [Fact]
    public async Task ANulInACatalogPath_IsOneSentence()
    {
        var catalog = await WriteCatalog("""{ "id": "nul", "displayName": "Nul", "path": "model\u0000.gguf" }""");

        AssertOneSentence(await _process.RunAsync("", "--catalog", catalog, "inspect", "nul"), "contains a NUL character");
    }

    [Fact]
    public async Task AHugeCatalogChatTemplate_IsRefusedWhenTheCatalogIsRead()
    {
        var template = JsonSerializer.Serialize(new string('x', 350 * 1024));
        var catalog = await WriteCatalog($$"""{ "id": "big", "displayName": "Big", "path": "big.gguf", "chatTemplate": {{template}} }""");

        AssertOneSentence(await _process.RunAsync("", "--catalog", catalog, "inspect", "big"), "has a chatTemplate of 358,400 characters, more than the 65,536");
    }

    [Fact]
    public async Task Inspect_EscapesControlCharactersInTheModelsName()
    {
        var model = WriteSelfMade("ansi.gguf", m => m.Metadata["general.name"] = GgufValue.FromString("\u001b[31mRED\u001b]0;title\u0007"));

        var (exit, stdout, stderr) = await _process.RunAsync("", "inspect", model);

        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        Assert.DoesNotContain('\u001b', stdout);
        Assert.DoesNotContain('\u0007', stdout);
        Assert.Contains(@"\x1B[31mRED\x1B]0;title\x07", stdout);
    }

    [Fact]
    public async Task ACorruptFileWithAHugeKey_IsAShortSentence()
    {
        // A 60,000-character key followed by an unknown value type: the sentence names the key, cut short.
        var path = Path.Combine(_process.Home, "key.gguf");
        using (var writer = new BinaryWriter(File.Create(path)))
        {
            writer.Write(GgufReader.Magic);
            writer.Write(3u);
            writer.Write(0UL);
            writer.Write(1UL);
            var key = Encoding.UTF8.GetBytes(new string('k', 60_000));
            writer.Write((ulong)key.Length);
            writer.Write(key);
            writer.Write(99u);
        }

        var (exit, stdout, stderr) = await _process.RunAsync("", "inspect", path);

        AssertOneSentence(exit, stdout, stderr, "has the unknown value type 99");
        Assert.True(stderr.Length < 400, $"The error is {stderr.Length:N0} characters long.");
    }

    [LinuxFact]
    public async Task Chat_WithAFileThatKillsLlamaCpp_IsOneSentenceWithTheNativeReason()
    {
        // A dense model that declares expert groups: the header check lets it through (deliberately: it is the
        // probe's to catch), and llama.cpp's load_hparams asserts on it.
        var model = WriteSelfMade("groups.gguf", m => m.Metadata["llama.expert_group_count"] = GgufValue.FromUInt32(2));
        GgufInferenceCheck.EnsureRunnable(GgufReader.Read(model));

        var (exit, stdout, stderr) = await _process.RunAsync("Hello\n", "chat", "--model", model, "--max-tokens", "4");

        AssertOneSentence(exit, stdout, stderr, "llama.cpp died loading 'groups.gguf' (SIGABRT");
        Assert.Contains("GGML_ASSERT(hparams.n_expert_groups == 0) failed", stderr);
        var verdicts = Path.Combine(_process.Home, "data", "modelscale", "probe-verdicts.json");
        Assert.Contains("groups.gguf", await File.ReadAllTextAsync(verdicts));
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(verdicts));
        }
    }

    [LinuxFact]
    public async Task Replay_MarksATierWhoseFileKillsLlamaCpp_AsFailed_AndPlaysTheOthers()
    {
        var good = WriteSelfMade("zeros.gguf", _ => { });
        var bad = WriteSelfMade("groups.gguf", m => m.Metadata["llama.expert_group_count"] = GgufValue.FromUInt32(2));
        var output = Path.Combine(_process.Home, "report");

        var (exit, stdout, stderr) = await _process.RunAsync(
            "", "replay", Path.Combine(RepoRoot.Directory, "examples", "three-turns.json"), "--model", bad, "--model", good,
            "--max-tokens", "2", "--threads", "1", "--format", "json", "--out", output);

        Assert.True(exit == 0, stderr);
        Assert.Contains("GGML_ASSERT(hparams.n_expert_groups == 0) failed", stdout + stderr, StringComparison.Ordinal);
        var report = await File.ReadAllTextAsync(Path.Combine(output, "report.json"));
        Assert.Contains("GGML_ASSERT(hparams.n_expert_groups == 0) failed", report, StringComparison.Ordinal);
        Assert.Contains("turn 3/3", stderr, StringComparison.Ordinal);
    }

    private static void AssertOneSentence((int Exit, string Out, string Err) result, string expected) =>
        AssertOneSentence(result.Exit, result.Out, result.Err, expected);

    private static void AssertOneSentence(int exit, string stdout, string stderr, string expected)
    {
        Assert.Equal(1, exit);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("error", stdout, StringComparison.Ordinal);
    }

    private string MakeFifo(string name)
    {
        var path = Path.Combine(_process.Home, name);
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    private async Task<string> WriteCatalog(string profile)
    {
        var catalog = Path.Combine(_process.Home, "catalog.json");
        await File.WriteAllTextAsync(catalog, $$"""{ "version": 1, "profiles": [ {{profile}} ] }""");
        return catalog;
    }

    private string WriteSelfMade(string name, Action<HostileModel> change)
    {
        var source = Path.Combine(_process.Home, "self-made.gguf");
        SelfMadeLlama.Write(source);
        var target = Path.Combine(_process.Home, name);
        HostileGguf.Write(source, new HostileCase(name, "test", change, ""), target);
        return target;
    }
}
