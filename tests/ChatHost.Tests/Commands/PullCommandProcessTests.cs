using System.Diagnostics;
using System.Security.Cryptography;
using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Commands;

/// <summary>`modelscale pull` as a script runs it, against a local HTTP server: exit codes, stdout versus stderr, files left behind.</summary>
public sealed class PullCommandProcessTests : IAsyncLifetime
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), $"modelscale-pull-{Guid.NewGuid():N}");
    private readonly FixtureHttpServer _server = new();
    private readonly byte[] _content = TestGgufBytes.Create(256 * 1024, seed: 7);

    private string Models => Path.Combine(_home, "models");

    private string Target => Path.Combine(Models, "tiny.gguf");

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

    /// <summary>A catalog with one profile, "tiny", whose source is the given JSON.</summary>
    private string Catalog(string sourceJson, string? sha256 = null)
    {
        var path = Path.Combine(_home, "catalog.json");
        var sha = sha256 is null ? "null" : $"\"{sha256}\"";
        File.WriteAllText(path, $$"""
            { "version": 1, "profiles": [
              { "id": "tiny", "displayName": "Tiny", "source": {{sourceJson}}, "sha256": {{sha}} }
            ] }
            """);
        return path;
    }

    private string UrlCatalog(string urlPath, string? sha256 = null)
        => Catalog($$"""{ "file": "tiny.gguf", "url": "{{new Uri(_server.BaseUrl, urlPath)}}" }""", sha256);

    private Task<(int Exit, string Out, string Err)> PullAsync(string catalog, IReadOnlyDictionary<string, string>? environment = null)
        => ModelScaleChild.RunAsync(_home, environment, "pull", "tiny", "--catalog", catalog, "--models-dir", Models);

    [Fact]
    public async Task Pull_FollowsMODELSCALE_HF_ENDPOINT_WithPlainProgressOnStderr_ThenSaysItIsAlreadyOnDisk()
    {
        _server.Serve("owner/repo/resolve/main/tiny.gguf", _content);
        var catalog = Catalog("""{ "huggingFaceRepo": "owner/repo", "file": "tiny.gguf" }""", Convert.ToHexStringLower(SHA256.HashData(_content)));
        var environment = new Dictionary<string, string> { ["MODELSCALE_HF_ENDPOINT"] = _server.BaseUrl.ToString() };

        var (exit, stdout, stderr) = await PullAsync(catalog, environment);
        var (againExit, againOut, _) = await PullAsync(catalog, environment);

        Assert.True(exit == 0, stderr);
        Assert.Equal("/owner/repo/resolve/main/tiny.gguf", Assert.Single(_server.Requests).Path);
        Assert.Contains($"Downloaded tiny to {Target} (256.0 KiB).", stdout);
        Assert.Contains("matches the catalog.", stdout);
        Assert.Contains("Downloading tiny.gguf: 0% · 0 B of 256.0 KiB", stderr);
        Assert.Contains("Downloading tiny.gguf: 100% · 256.0 KiB of 256.0 KiB", stderr);
        Assert.DoesNotContain("Downloading", stdout);
        Assert.False((stdout + stderr).Contains('\u001b', StringComparison.Ordinal), stderr);
        Assert.Equal(_content, await File.ReadAllBytesAsync(Target));

        Assert.Equal(0, againExit);
        Assert.Contains($"tiny is already on disk at {Target} and its sha256 matches the catalog", againOut);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Pull_OfAMissingFile_IsOneSentenceWithTheUrl_AndExitCode1()
    {
        // Longer than a terminal line: piped stderr must not wrap it.
        var missing = "a-folder-with-a-long-name/and-another-one-below-it/nope-Q4_K_M.gguf";

        var (exit, stdout, stderr) = await PullAsync(UrlCatalog(missing));

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains($"error: {new Uri(_server.BaseUrl, missing)} was not found (HTTP 404); check the profile's source in the catalog.\n", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [MachineFact(MachineNeed.Unix)]
    public async Task CtrlC_StopsThePull_KeepsTheResumablePartial_AndExits130()
    {
        _server.Serve("tiny.gguf", _content);
        _server.StallAfter = 100_000;
        var catalog = UrlCatalog("tiny.gguf");
        using var process = ModelScaleChild.Start(_home, null, "pull", "tiny", "--catalog", catalog, "--models-dir", Models);
        await _server.Stalled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var partial = Target + ".partial";
        for (var i = 0; i < 200 && (!File.Exists(partial) || new FileInfo(partial).Length < 100_000); i++)
        {
            await Task.Delay(25);
        }

        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
            Assert.Equal(0, kill.ExitCode);
        }

        var (exit, _, stderr) = await process.WaitAsync();

        Assert.Equal(130, exit);
        // Started as `dotnet modelscale.dll`, so the hint says that, and repeats the options that were given.
        var program = $"dotnet {Path.Combine(AppContext.BaseDirectory, "modelscale.dll")}";
        Assert.Contains($"Stopped; run `{program} pull tiny --catalog {catalog} --models-dir {Models}` again to resume.", stderr);
        Assert.Equal(100_000, new FileInfo(partial).Length);
        Assert.False(File.Exists(Target));
    }

    [Fact]
    public async Task Pull_SaysWhereItResumed_AndSaysSoWhenTheServerDoesNotResume()
    {
        _server.Serve("tiny.gguf", _content);
        var catalog = UrlCatalog("tiny.gguf");
        _server.DropAfter = 100_000;
        var (brokenExit, _, brokenErr) = await PullAsync(catalog);
        var (resumedExit, resumedOut, resumedErr) = await PullAsync(catalog);
        Assert.Equal(1, brokenExit);
        Assert.Contains("rerunning the pull resumes it", brokenErr);
        Assert.True(resumedExit == 0, resumedErr);
        Assert.Contains("Downloading tiny.gguf (resumed at 97.7 KiB)", resumedErr);
        Assert.Contains("resumed at 97.7 KiB", resumedOut);

        File.Delete(Target);
        File.Delete(Path.Combine(Models, "modelscale.lock.json"));
        _server.DropAfter = 50_000;
        _server.DropCount = 3;
        await PullAsync(catalog);
        _server.DropAfter = null;
        _server.IgnoreRange = true;
        var (exit, stdout, stderr) = await PullAsync(catalog);

        Assert.True(exit == 0, stderr);
        Assert.Contains("Downloading tiny.gguf (the server does not resume downloads; starting over, 48.8 KiB already here discarded)", stderr);
        Assert.Contains("the server does not resume downloads, so it started over", stdout);
        Assert.Equal(_content, await File.ReadAllBytesAsync(Target));
    }

    [Fact]
    public async Task Pull_OfAPageThatIsNotAGguf_IsOneSentence_ExitCode1_AndNothingIsKept()
    {
        _server.Serve("tiny.gguf", "<html>Mirror maintenance</html>"u8.ToArray());

        var (exit, stdout, stderr) = await PullAsync(UrlCatalog("tiny.gguf"));

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("is not a GGUF model (it starts with \"<html>Mirror mai\" instead of the GGUF magic); it was removed and nothing was recorded.", stderr);
        Assert.Empty(Directory.GetFiles(Models));
    }
}
