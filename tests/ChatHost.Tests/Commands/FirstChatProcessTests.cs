using System.Security.Cryptography;
using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Commands;

/// <summary>
/// `modelscale chat` with nothing on disk, end to end: the tier is offered, pulled from a loopback mirror
/// (MODELSCALE_HF_ENDPOINT) with and without range support, and the chat answers; piped stdin never prompts.
/// </summary>
public sealed class FirstChatProcessTests : IAsyncLifetime
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), $"modelscale-first-{Guid.NewGuid():N}");
    private readonly FixtureHttpServer _server = new();

    private string Models => Path.Combine(_home, "models");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_home);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_home, recursive: true);
    }

    /// <summary>A catalog with one downloadable tier, "stories", on a Hugging Face style path of the fixture server.</summary>
    private string Catalog(byte[] content)
    {
        _server.Serve("test/stories-GGUF/resolve/main/stories260K.gguf", content);
        var path = Path.Combine(_home, "catalog.json");
        File.WriteAllText(path, $$"""
            { "version": 1, "profiles": [
              { "id": "stories", "displayName": "Stories 260K", "parameters": 292000, "contextLength": 256,
                "source": { "huggingFaceRepo": "test/stories-GGUF", "file": "stories260K.gguf" },
                "sizeBytes": {{content.Length}}, "sha256": "{{Convert.ToHexStringLower(SHA256.HashData(content))}}" }
            ] }
            """);
        return path;
    }

    private async Task<(int Exit, string Out, string Err)> ChatAsync(string catalog, string stdin, Dictionary<string, string?> environment, params string[] extra)
    {
        environment.TryAdd("MODELSCALE_HF_ENDPOINT", _server.BaseUrl.ToString());
        using var child = ModelScaleChild.StartWithInput(
            _home, environment, stdin, ["chat", "--catalog", catalog, "--models-dir", Models, "--max-tokens", "8", .. extra]);
        return await child.WaitAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Chat_WithNothingOnDisk_AndYes_PullsTheTierFromTheMirror_ResumingOrStartingOver_ThenAnswers(bool ignoreRange)
    {
        var content = await File.ReadAllBytesAsync(OwnModels.Tiny);
        var catalog = Catalog(content);
        _server.DropAfter = content.Length / 2;

        var (brokenExit, _, brokenErr) = await ChatAsync(catalog, "Once upon a time\n", [], "--yes");
        _server.DropAfter = null;
        _server.IgnoreRange = ignoreRange;
        var (exit, stdout, stderr) = await ChatAsync(catalog, "Once upon a time\n", new() { ["MODELSCALE_ASSUME_YES"] = "1" });

        Assert.Equal(1, brokenExit);
        Assert.Contains("broke off", brokenErr);
        Assert.True(exit == 0, stderr);
        Assert.Contains("No model is on disk yet. The tier for this machine is stories: Stories 260K, ", stderr);
        Assert.Contains("Chatting with stories, the smallest tier, because ", stderr);

        // The chat's first line says why this tier: it comes before the load line.
        var chatLines = stderr[stderr.IndexOf("Chatting with ", StringComparison.Ordinal)..].Split('\n');
        Assert.StartsWith("stories (Stories 260K): loaded in ", chatLines[1]);
        Assert.Contains(ignoreRange ? "the server does not resume downloads; starting over" : $"resumed at", stderr);
        Assert.Equal("/test/stories-GGUF/resolve/main/stories260K.gguf", _server.Requests[^1].Path);
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(Models, "stories260K.gguf")));
        Assert.False(string.IsNullOrWhiteSpace(stdout), stderr);
        Assert.DoesNotContain("Downloaded", stdout);
    }

    [Fact]
    public async Task Chat_WithNothingOnDisk_AndPipedStdin_NeverPrompts_SaysHowToProceed_AndExits1()
    {
        var catalog = Catalog(TestGgufBytes.Create(4096));

        var (exit, stdout, stderr) = await ChatAsync(catalog, "hello\n", []);

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, stdout);
        var program = $"dotnet {Path.Combine(AppContext.BaseDirectory, "modelscale.dll")}";
        Assert.Contains(
            $"error: No model is on disk yet, and stdin is not a terminal, so nothing is downloaded without asking: run `{program} chat --yes --catalog {catalog} --models-dir {Models}` to download stories (Stories 260K, 4.0 KiB), ",
            stderr);
        Assert.DoesNotContain("[Y/n]", stderr);
        Assert.Empty(_server.Requests);
        Assert.False(Directory.Exists(Models) && Directory.EnumerateFileSystemEntries(Models).Any());
    }

    [Fact]
    public async Task Chat_WithAnUnreachableMirror_IsOneSentence_AndExits1()
    {
        var catalog = Catalog(TestGgufBytes.Create(4096));
        var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();

        var (exit, _, stderr) = await ChatAsync(catalog, "hello\n", new() { ["MODELSCALE_HF_ENDPOINT"] = $"http://127.0.0.1:{port}/" }, "--yes");

        Assert.Equal(1, exit);
        Assert.Contains("error: Could not download http://127.0.0.1:", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }
}
