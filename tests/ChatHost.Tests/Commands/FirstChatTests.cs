using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using ModelScale.ChatHost.Commands;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Terminal;
using ModelScale.ChatHost.Tests.Engine;
using ModelScale.Profiles.Catalog;
using ModelScale.Profiles.Store;
using ModelScale.Tests.Shared;
using Spectre.Console.Testing;

namespace ModelScale.ChatHost.Tests.Commands;

/// <summary>
/// The first chat's question on a terminal, in process (a child process's stdin is never a terminal): what a yes,
/// a no and a full disk do, against a loopback mirror that records every request.
/// </summary>
public sealed class FirstChatTests : IAsyncLifetime
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), $"modelscale-first-{Guid.NewGuid():N}");
    private readonly FixtureHttpServer _server = new();
    private readonly TestConsole _out = new();
    private readonly TestConsole _status = new();
    private readonly byte[] _content = TestGgufBytes.Create(4096);

    private string Models => Path.Combine(_home, "models");

    private string CatalogPath => Path.Combine(_home, "catalog.json");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_home);
        _out.Profile.Width = _status.Profile.Width = 4000;
        _server.Serve("test/stories-GGUF/resolve/main/stories260K.gguf", _content);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_home, recursive: true);
    }

    /// <summary>A first chat over a one-tier catalog ("stories"); the catalog gives the file's size unless told not to.</summary>
    private FirstChat Create(IDiskSpace disk, bool catalogKnowsTheSize = true)
    {
        File.WriteAllText(CatalogPath, $$"""
            { "version": 1, "profiles": [
              { "id": "stories", "displayName": "Stories 260K", "parameters": 292000, "contextLength": 256,
                "source": { "huggingFaceRepo": "test/stories-GGUF", "file": "stories260K.gguf" },
                {{(catalogKnowsTheSize ? $"\"sizeBytes\": {_content.Length}, " : string.Empty)}}"sha256": "{{Convert.ToHexStringLower(SHA256.HashData(_content))}}" }
            ] }
            """);
        var catalog = CatalogLoader.Load([CatalogPath]);
        var locator = new ModelLocator(Models);
        var inventory = new FixedMemoryInventory();
        var tiers = new DefaultTier(catalog, locator, new ModelPlanner(inventory, Options.Create(new EngineOptions())), inventory);
        var options = new DownloadOptions();
        var puller = new ModelPuller(new ModelDownloader(DownloadHttpClient.Create(), disk, TimeProvider.System, options), locator, TimeProvider.System, _server.BaseUrl, options);
        var hint = new CommandHint("modelscale", CommandHint.RepeatedOptions(CatalogPath, Models));
        var consoles = new ReplConsoles(_out, _status, Interactive: false);
        var view = new PullView(new PullConsoles(_out, _status, Interactive: false), TimeProvider.System, hint);
        return new FirstChat(catalog, locator, tiers, puller, view, disk, options, hint, consoles);
    }

    private bool NothingDownloaded() => _server.Requests.Count == 0 && !(Directory.Exists(Models) && Directory.EnumerateFileSystemEntries(Models).Any());

    /// <summary>Each "error:" sentence to the end of its line (a scripted answer is not echoed, so one may follow the prompt).</summary>
    private string[] Errors => _status.Output.Split("error:").Skip(1).Select(e => "error:" + e.Split('\n')[0]).ToArray();

    [Theory]
    [InlineData("n\n")]
    [InlineData("No\n")]
    [InlineData(" N \n")]
    [InlineData("")]
    public async Task ADeclinedDownload_IsOneSentence_Exit1_AndNothingIsDownloaded(string answer)
    {
        var first = Create(new FakeDisk(long.MaxValue));

        var (id, reason, exit) = await first.RunAsync(new FirstChatConsent(AssumeYes: false, CanAsk: true), new StringReader(answer), CancellationToken.None);

        Assert.Null(id);
        Assert.Null(reason);
        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Contains($"Download it into {Models}? [Y/n] ", _status.Output);
        var error = Assert.Single(Errors);
        Assert.Equal(
            $"error: Nothing was downloaded; `modelscale pull stories --catalog {CatalogPath} --models-dir {Models}` downloads it later, "
            + $"`modelscale chat --profile ID --catalog {CatalogPath} --models-dir {Models}` picks another tier after its pull, and --model FILE.gguf chats with a file you have.",
            error.TrimEnd());
        Assert.True(NothingDownloaded());
    }

    [Fact]
    public async Task Enter_AcceptsTheDownload_AndTheChatIsToldWhy()
    {
        var first = Create(new FakeDisk(long.MaxValue));

        var (id, reason, exit) = await first.RunAsync(new FirstChatConsent(AssumeYes: false, CanAsk: true), new StringReader("\n"), CancellationToken.None);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal("stories", id);
        Assert.StartsWith("Chatting with stories, the smallest tier, because ", reason);
        Assert.Equal(_content, await File.ReadAllBytesAsync(Path.Combine(Models, "stories260K.gguf")));
        Assert.Empty(Errors);
    }

    [Fact]
    public async Task NoSpaceForThePull_IsOneSentence_BeforeAsking_Exit1_AndNothingIsDownloaded()
    {
        var disk = new FakeDisk(1L << 20);
        var first = Create(disk);

        var (id, _, exit) = await first.RunAsync(new FirstChatConsent(AssumeYes: false, CanAsk: true), new StringReader("y\n"), CancellationToken.None);

        Assert.Null(id);
        Assert.Equal(ExitCodes.UserError, exit);
        var error = Assert.Single(Errors);
        Assert.Equal(
            $"error: Not enough free disk space in {Models} for stories: it needs 4.0 KiB plus a margin of 64.0 MiB, but only 1.0 MiB is free; "
            + "free some space, or choose another folder with --models-dir.",
            error.TrimEnd());
        Assert.DoesNotContain("[Y/n]", _status.Output);
        Assert.True(NothingDownloaded());

        // The folder does not exist yet: the drive is asked about the nearest folder that does.
        Assert.Equal(_home, Assert.Single(disk.Asked));
    }

    [Fact]
    public async Task NoSpaceForThePull_WhenOnlyTheServerKnowsTheSize_IsThePullsSentence_AndNoFileIsLeft()
    {
        var first = Create(new FakeDisk(1L << 20), catalogKnowsTheSize: false);

        var ex = await Assert.ThrowsAsync<PullException>(() => first.RunAsync(new FirstChatConsent(AssumeYes: true, CanAsk: false), new StringReader(string.Empty), CancellationToken.None));

        Assert.Equal(
            $"Not enough free disk space in {Models}: the download needs 4.0 KiB plus a margin of 64.0 MiB, but only 1.0 MiB is free.",
            ex.Message);
        Assert.Equal(ExitCodes.UserError, ExitCodes.For(ex.Kind));
        Assert.False(File.Exists(Path.Combine(Models, "stories260K.gguf")));
        Assert.False(File.Exists(Path.Combine(Models, "stories260K.gguf.partial")));
    }

    private sealed class FakeDisk(long available) : IDiskSpace
    {
        public List<string> Asked { get; } = [];

        public long? GetAvailableBytes(string directory)
        {
            Asked.Add(directory);
            return available;
        }
    }
}
