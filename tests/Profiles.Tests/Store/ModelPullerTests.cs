using System.Text.Json;
using ModelScale.Profiles.Catalog;
using ModelScale.Profiles.Store;
using ModelScale.Tests.Shared;

namespace ModelScale.Profiles.Tests.Store;

public sealed class ModelPullerTests : IAsyncLifetime
{
    private readonly PullFixture _f = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private static async Task<PullException> PullFails(Func<Task> pull)
    {
        var error = await Assert.ThrowsAsync<PullException>(pull);
        Assert.DoesNotContain('\n', error.Message);
        Assert.EndsWith(".", error.Message, StringComparison.Ordinal);
        return error;
    }

    [Fact]
    public async Task Pull_WithCatalogSha256_DownloadsVerifiesAndRenamesIntoPlace()
    {
        var reports = new List<DownloadProgress>();

        var result = await _f.Puller().PullAsync(_f.Profile(_f.Sha256, _f.Content.Length), progress: new InlineProgress<DownloadProgress>(reports.Add));

        Assert.Equal(PullOutcome.Downloaded, result.Outcome);
        Assert.Equal(_f.TargetPath, result.Path);
        Assert.Equal(_f.Sha256, result.Sha256);
        Assert.Equal("the catalog", result.VerifiedAgainst);
        Assert.Equal(0, result.ResumedFrom);
        Assert.Equal(_f.Content, await File.ReadAllBytesAsync(_f.TargetPath));
        Assert.Equal([PullFixture.FileName, ModelLockFile.FileName], Directory.GetFiles(_f.Models.Path).Select(Path.GetFileName).Order());
        var request = Assert.Single(_f.Server.Requests);
        Assert.Null(request.Header("Range"));
        Assert.All(reports, r => Assert.Equal(_f.Content.Length, r.TotalBytes));
        Assert.Equal(_f.Content.Length, reports[^1].BytesDone);
        Assert.True(reports.Count > 2, $"only {reports.Count} progress reports");
    }

    [Fact]
    public async Task Pull_AfterTheConnectionDropsMidway_KeepsThePartial_AndTheNextPullResumesWithARange()
    {
        _f.Server.DropAfter = 100_000;

        var broken = await PullFails(() => _f.Puller().PullAsync(_f.Profile(_f.Sha256)));

        Assert.Contains("broke off", broken.Message, StringComparison.Ordinal);
        Assert.Contains("rerunning the pull resumes it", broken.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_f.TargetPath));
        Assert.Equal(100_000, new FileInfo(_f.PartialPath).Length);

        var result = await _f.Puller().PullAsync(_f.Profile(_f.Sha256));

        Assert.Equal(100_000, result.ResumedFrom);
        Assert.Equal(_f.Sha256, result.Sha256);
        Assert.Equal(_f.Content, await File.ReadAllBytesAsync(_f.TargetPath));
        Assert.False(File.Exists(_f.PartialPath));
        var resumed = _f.Server.Requests[1];
        Assert.Equal("bytes=100000-", resumed.Header("Range"));
        Assert.Equal("\"fixture-v1\"", resumed.Header("If-Range"));
    }

    [Fact]
    public async Task Pull_WhenTheServerIgnoresTheRange_RestartsFromZeroCleanly()
    {
        _f.Server.DropAfter = 100_000;
        await PullFails(() => _f.Puller().PullAsync(_f.Profile(_f.Sha256)));
        _f.Server.IgnoreRange = true;

        var result = await _f.Puller().PullAsync(_f.Profile(_f.Sha256));

        Assert.Equal("bytes=100000-", _f.Server.Requests[1].Header("Range"));
        Assert.Equal(0, result.ResumedFrom);
        Assert.Equal(100_000, result.DiscardedBytes);
        Assert.Equal(_f.Content, await File.ReadAllBytesAsync(_f.TargetPath));
    }

    [Fact]
    public async Task Pull_ReportsWhereItResumed_OrThatItStartedOver_OnItsProgress()
    {
        _f.Server.DropAfter = 100_000;
        await PullFails(() => _f.Puller().PullAsync(_f.Profile(_f.Sha256)));
        var resumed = new List<DownloadProgress>();
        await _f.Puller().PullAsync(_f.Profile(_f.Sha256), progress: new InlineProgress<DownloadProgress>(resumed.Add));

        _f.Server.DropAfter = 50_000;
        _f.Server.DropCount = 3; // the first pull dropped, the resumed one counted too
        await PullFails(() => _f.Puller().PullAsync(_f.Profile(_f.Sha256), force: true));
        _f.Server.IgnoreRange = true;
        _f.Server.DropAfter = null;
        var restarted = new List<DownloadProgress>();
        await _f.Puller().PullAsync(_f.Profile(_f.Sha256), force: true, progress: new InlineProgress<DownloadProgress>(restarted.Add));

        var download = resumed.First(p => p.Stage == DownloadStage.Downloading);
        Assert.Equal(100_000, download.ResumedFrom);
        Assert.Equal(0, download.DiscardedBytes);
        var over = restarted.First(p => p.Stage == DownloadStage.Downloading);
        Assert.Equal(0, over.ResumedFrom);
        Assert.Equal(50_000, over.DiscardedBytes);
    }

    [Fact]
    public async Task Pull_OfSomethingThatIsNotAGguf_RemovesIt_AndRecordsNothing()
    {
        var page = System.Text.Encoding.ASCII.GetBytes("<!DOCTYPE html><html><body>Rate limited</body></html>\n");
        _f.Server.Serve("files/" + PullFixture.FileName, page);

        var error = await PullFails(() => _f.Puller().PullAsync(_f.Profile()));

        Assert.Equal(
            $"The file from {_f.Url} is not a GGUF model (it starts with \"<!DOCTYPE html><\" instead of the GGUF magic); it was removed and nothing was recorded.",
            error.Message);
        Assert.False(File.Exists(_f.PartialPath));
        Assert.False(File.Exists(_f.TargetPath));
        Assert.False(File.Exists(new ModelLockFile(_f.Models.Path).Path));
    }

    [Fact]
    public async Task Pull_OfAGgufWhoseHeaderIsCutShort_IsRefusedAsDamaged()
    {
        _f.Server.Serve("files/" + PullFixture.FileName, _f.Content[..20]);

        var error = await PullFails(() => _f.Puller().PullAsync(_f.Profile()));

        Assert.StartsWith($"The file from {_f.Url} is not a GGUF model (its header is damaged: ", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_f.TargetPath));
        Assert.False(File.Exists(new ModelLockFile(_f.Models.Path).Path));
    }

    [Fact]
    public async Task Pull_WhenTheFileChangedUpstreamSinceThePartial_IfRangeFetchesTheWholeNewFile()
    {
        _f.Server.DropAfter = 100_000;
        await PullFails(() => _f.Puller().PullAsync(_f.Profile()));
        var changed = TestGgufBytes.Create(_f.Content.Length, seed: 2);
        _f.Server.Serve("files/" + PullFixture.FileName, changed);
        _f.Server.ETag = "\"fixture-v2\"";

        var result = await _f.Puller().PullAsync(_f.Profile());

        Assert.Equal(0, result.ResumedFrom);
        Assert.Equal(changed, await File.ReadAllBytesAsync(_f.TargetPath));
    }

    [Fact]
    public async Task Pull_WhenTheServerSendsWrongBytes_IsAChecksumMismatch_AndRemovesThePartial()
    {
        var wrong = (byte[])_f.Content.Clone();
        wrong[12_345] ^= 0xFF;
        _f.Server.Serve("files/" + PullFixture.FileName, wrong);

        var error = await PullFails(() => _f.Puller().PullAsync(_f.Profile(_f.Sha256)));

        Assert.StartsWith("Checksum mismatch", error.Message, StringComparison.Ordinal);
        Assert.Contains(PullFixture.Hex(wrong), error.Message, StringComparison.Ordinal);
        Assert.Contains(_f.Sha256, error.Message, StringComparison.Ordinal);
        Assert.Contains("partial file was removed", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_f.PartialPath));
        Assert.False(File.Exists(_f.TargetPath));
        Assert.False(File.Exists(new ModelLockFile(_f.Models.Path).Path));
    }

    [Fact]
    public async Task Pull_OfAMissingFile_Reports404WithTheUrl()
    {
        var missing = new Uri(_f.Server.BaseUrl, "files/missing.gguf");

        var error = await PullFails(() => _f.Puller().PullAsync(_f.Profile(url: missing)));

        Assert.Contains(missing.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 404", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_f.PartialPath));
    }

    [Fact]
    public async Task Pull_WhenNothingListens_SaysItCouldNotDownloadTheUrl()
    {
        var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var url = new Uri($"http://127.0.0.1:{port}/model.gguf");

        var error = await PullFails(() => _f.Puller().PullAsync(_f.Profile(url: url)));

        Assert.StartsWith($"Could not download {url}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_WithoutCatalogSha256_RecordsTheFirstDownloadInTheLockFile()
    {
        var result = await _f.Puller().PullAsync(_f.Profile());

        var lockFile = new ModelLockFile(_f.Models.Path);
        Assert.Equal(lockFile.Path, result.RecordedIn);
        Assert.Null(result.VerifiedAgainst);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(lockFile.Path));
        var entry = json.RootElement.GetProperty("files").GetProperty(PullFixture.FileName);
        Assert.Equal(_f.Url.ToString(), entry.GetProperty("url").GetString());
        Assert.Equal(_f.Content.Length, entry.GetProperty("sizeBytes").GetInt64());
        Assert.Equal(_f.Sha256, entry.GetProperty("sha256").GetString());
        Assert.Equal(_f.Time.GetUtcNow(), entry.GetProperty("downloadedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Pull_WithoutCatalogSha256_RefusesALaterDownloadWhoseHashDiffersFromTheLockFile()
    {
        await _f.Puller().PullAsync(_f.Profile());
        var changed = TestGgufBytes.Create(_f.Content.Length, seed: 3);
        _f.Server.Serve("files/" + PullFixture.FileName, changed);

        var error = await PullFails(() => _f.Puller().PullAsync(_f.Profile(), force: true));

        Assert.StartsWith("Checksum mismatch", error.Message, StringComparison.Ordinal);
        Assert.Contains(ModelLockFile.FileName, error.Message, StringComparison.Ordinal);
        Assert.Contains(_f.Sha256, error.Message, StringComparison.Ordinal);
        Assert.Equal(_f.Content, await File.ReadAllBytesAsync(_f.TargetPath));
        Assert.False(File.Exists(_f.PartialPath));
        Assert.Equal(_f.Sha256, new ModelLockFile(_f.Models.Path).Find(PullFixture.FileName)?.Sha256);
    }

    [Fact]
    public async Task Pull_WithoutCatalogSha256_VerifiesAFileOnDiskAgainstTheLockFile()
    {
        await _f.Puller().PullAsync(_f.Profile());

        var again = await _f.Puller().PullAsync(_f.Profile());
        await File.WriteAllBytesAsync(_f.TargetPath, TestGgufBytes.Create(_f.Content.Length, seed: 4));
        var error = await PullFails(() => _f.Puller().PullAsync(_f.Profile()));

        Assert.Equal(PullOutcome.AlreadyOnDisk, again.Outcome);
        Assert.Contains(ModelLockFile.FileName, again.VerifiedAgainst, StringComparison.Ordinal);
        Assert.Contains("--force", error.Message, StringComparison.Ordinal);
        Assert.Single(_f.Server.Requests);
    }

    [Fact]
    public async Task Pull_WhenTheDiskIsTooSmall_RefusesBeforeWritingAnything()
    {
        _f.Disk.Available = 100_000;

        var error = await PullFails(() => _f.Puller().PullAsync(_f.Profile(_f.Sha256)));

        Assert.StartsWith($"Not enough free disk space in {_f.Models.Path}", error.Message, StringComparison.Ordinal);
        Assert.Contains("97.7 KiB is free", error.Message, StringComparison.Ordinal);
        Assert.Equal([_f.Models.Path], _f.Disk.Asked);
        Assert.False(File.Exists(_f.PartialPath));
        Assert.False(File.Exists(_f.TargetPath));
    }

    [Fact]
    public async Task Pull_WhenResuming_NeedsSpaceOnlyForTheRest()
    {
        _f.Server.DropAfter = 200_000;
        await PullFails(() => _f.Puller().PullAsync(_f.Profile(_f.Sha256)));
        _f.Disk.Available = _f.Content.Length - 200_000 + PullFixture.Options.FreeSpaceMargin;

        var result = await _f.Puller().PullAsync(_f.Profile(_f.Sha256));

        Assert.Equal(200_000, result.ResumedFrom);
    }

    [Fact]
    public async Task Pull_WhenCancelled_LeavesAPartialThatTheNextPullResumes()
    {
        _f.Server.StallAfter = 150_000;
        using var cts = new CancellationTokenSource();
        var progress = new InlineProgress<DownloadProgress>(p =>
        {
            if (p.BytesDone >= 100_000)
            {
                cts.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _f.Puller().PullAsync(_f.Profile(_f.Sha256), progress: progress, cancellationToken: cts.Token));

        var kept = new FileInfo(_f.PartialPath).Length;
        Assert.InRange(kept, 100_000, 150_000);
        Assert.False(File.Exists(_f.TargetPath + ModelPuller.LockSuffix));
        _f.Server.StallAfter = null;

        var result = await _f.Puller().PullAsync(_f.Profile(_f.Sha256));

        Assert.Equal(kept, result.ResumedFrom);
        Assert.Equal($"bytes={kept}-", _f.Server.Requests[^1].Header("Range"));
        Assert.Equal(_f.Content, await File.ReadAllBytesAsync(_f.TargetPath));
    }

    [Fact]
    public async Task Pull_WhenTheServerGoesSilent_GivesUpAndKeepsThePartial()
    {
        _f.Server.StallAfter = 50_000;
        // Long enough that a busy machine's pause between two reads before the stall is not taken for it.
        var impatient = PullFixture.Options with { StallTimeout = TimeSpan.FromSeconds(2) };

        var error = await PullFails(() => _f.Puller(impatient).PullAsync(_f.Profile(_f.Sha256)));

        Assert.Contains("nothing arrived for 2 seconds", error.Message, StringComparison.Ordinal);
        Assert.Equal(50_000, new FileInfo(_f.PartialPath).Length);
    }

    [Fact]
    public async Task Pull_WhenTheFileIsAlreadyOnDiskAndVerified_DownloadsNothing()
    {
        await _f.Puller().PullAsync(_f.Profile(_f.Sha256));

        var result = await _f.Puller().PullAsync(_f.Profile(_f.Sha256));

        Assert.Equal(PullOutcome.AlreadyOnDisk, result.Outcome);
        Assert.Equal("the catalog", result.VerifiedAgainst);
        Assert.Equal(_f.Sha256, result.Sha256);
        Assert.Single(_f.Server.Requests);
    }

    [Fact]
    public async Task Pull_WithForce_DownloadsAgainAndReplacesTheFile()
    {
        await File.WriteAllBytesAsync(_f.TargetPath, [1, 2, 3]);

        var result = await _f.Puller().PullAsync(_f.Profile(_f.Sha256), force: true);

        Assert.Equal(PullOutcome.Downloaded, result.Outcome);
        Assert.Equal(_f.Content, await File.ReadAllBytesAsync(_f.TargetPath));
    }

    [Fact]
    public async Task Pull_WhenTheFileOnDiskDoesNotMatchTheCatalog_SaysSoAndSuggestsForce()
    {
        await File.WriteAllBytesAsync(_f.TargetPath, TestGgufBytes.Create(_f.Content.Length, seed: 9));

        var error = await PullFails(() => _f.Puller().PullAsync(_f.Profile(_f.Sha256)));

        Assert.Contains("already on disk, but its sha256 is", error.Message, StringComparison.Ordinal);
        Assert.Contains("--force", error.Message, StringComparison.Ordinal);
        Assert.Empty(_f.Server.Requests);
    }

    [Fact]
    public async Task Pull_WhenTheServerSizeDiffersFromTheCatalog_RefusesBeforeDownloading()
    {
        var error = await PullFails(() => _f.Puller().PullAsync(_f.Profile(sizeBytes: _f.Content.Length + 1)));

        Assert.Contains($"is {_f.Content.Length} bytes, but the catalog says {_f.Content.Length + 1}", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_f.PartialPath));
    }

    [Fact]
    public async Task Pull_WhenThePartialIsAlreadyComplete_FinishesItWithoutABody()
    {
        await File.WriteAllBytesAsync(_f.PartialPath, _f.Content);

        var result = await _f.Puller().PullAsync(_f.Profile(_f.Sha256));

        Assert.Equal(_f.Content.Length, result.ResumedFrom);
        Assert.Equal($"bytes={_f.Content.Length}-", Assert.Single(_f.Server.Requests).Header("Range"));
        Assert.Equal(_f.Content, await File.ReadAllBytesAsync(_f.TargetPath));
    }

    [Fact]
    public async Task Pull_WhileAnotherPullHoldsTheFile_IsRefused()
    {
        using var other = ExclusiveFileLock.TryAcquire(_f.TargetPath + ModelPuller.LockSuffix);
        Assert.NotNull(other);

        var error = await PullFails(() => _f.Puller().PullAsync(_f.Profile(_f.Sha256)));

        Assert.StartsWith($"Another pull of {PullFixture.FileName} is running", error.Message, StringComparison.Ordinal);
        Assert.Empty(_f.Server.Requests);
    }

    [Fact]
    public async Task Pull_OfALocalFileProfile_SaysThereIsNothingToPull()
    {
        var local = Path.Combine(_f.Models.Path, "local.gguf");
        await File.WriteAllBytesAsync(local, [1, 2, 3]);

        var result = await _f.Puller().PullAsync(ModelProfile.FromFile(local));

        Assert.Equal(PullOutcome.LocalFile, result.Outcome);
        Assert.Equal(local, result.Path);
        Assert.Empty(_f.Server.Requests);
    }

    [Fact]
    public async Task Pull_OfAProfileWithoutADownloadSource_IsAClearError()
    {
        var profile = _f.Profile() with { Source = new ModelSource(null, "manual.gguf", null) };

        var error = await PullFails(() => _f.Puller().PullAsync(profile));

        Assert.StartsWith("Profile 'tiny' (Tiny test model) has no download source", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_OfAHuggingFaceSource_UsesTheConfiguredEndpoint()
    {
        _f.Server.Serve("owner/repo/resolve/main/" + PullFixture.FileName, _f.Content);
        var source = new ModelSource("owner/repo", PullFixture.FileName, new Uri("https://huggingface.co/owner/repo/resolve/main/model.gguf"));
        var endpoint = new Uri(_f.Server.BaseUrl, "/");

        var result = await _f.Puller(endpoint).PullAsync(_f.Profile(_f.Sha256) with { Source = source });

        Assert.Equal("/owner/repo/resolve/main/model.gguf", Assert.Single(_f.Server.Requests).Path);
        Assert.Equal(_f.Content, await File.ReadAllBytesAsync(result.Path));
    }
}
