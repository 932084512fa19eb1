using ModelScale.Profiles.Catalog;

namespace ModelScale.Profiles.Store;

/// <summary>
/// `modelscale pull`: brings a profile's file into the models folder. One pull per file at a time (an exclusive
/// <c>{file}.partial.lock</c>). A file already on disk is verified instead of downloaded, unless forced. The expected
/// SHA-256 is the catalog's; without one, it is the hash recorded in <c>modelscale.lock.json</c> by the first download,
/// which this records when there is none yet.
/// </summary>
public sealed class ModelPuller
{
    public const string LockSuffix = ".partial.lock";

    private readonly ModelDownloader _downloader;
    private readonly ModelLocator _locator;
    private readonly TimeProvider _time;
    private readonly Uri _huggingFaceEndpoint;
    private readonly DownloadOptions _options;

    public ModelPuller(ModelDownloader downloader, ModelLocator locator, TimeProvider time, Uri huggingFaceEndpoint, DownloadOptions options)
    {
        ArgumentNullException.ThrowIfNull(downloader);
        ArgumentNullException.ThrowIfNull(locator);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(huggingFaceEndpoint);
        ArgumentNullException.ThrowIfNull(options);
        _downloader = downloader;
        _locator = locator;
        _time = time;
        _huggingFaceEndpoint = huggingFaceEndpoint;
        _options = options;
    }

    /// <summary>The lock file that records first downloads in this models folder.</summary>
    public ModelLockFile LockFile => new(_locator.ModelsDirectory);

    /// <summary>Downloads the profile's file unless it is already on disk and verified (<paramref name="force"/> downloads it again).</summary>
    /// <exception cref="PullException">The pull cannot be done; one sentence says why.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; a partial file is kept for the next pull to resume.</exception>
    public async Task<PullResult> PullAsync(ModelProfile profile, bool force = false, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (!string.IsNullOrWhiteSpace(profile.Path))
        {
            return LocalFile(profile);
        }

        var target = _locator.ResolvePath(profile);
        var url = DownloadUrls.For(profile.Source, _huggingFaceEndpoint)
            ?? throw new PullException(
                $"Profile '{profile.Id}' ({profile.DisplayName}) has no download source; add 'source.url' or 'source.huggingFaceRepo' to it, or put the file at {target}.");
        var fileName = Path.GetRelativePath(_locator.ModelsDirectory, target);

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var lockPath = target + LockSuffix;
            using var pullLock = ExclusiveFileLock.TryAcquire(lockPath)
                ?? throw new PullException($"Another pull of {fileName} is running (it holds {lockPath}); wait for it to finish.");

            var lockFile = LockFile;
            var recorded = lockFile.Find(fileName);
            var expected = Expectations.For(profile, recorded, lockFile);
            if (!force && File.Exists(target))
            {
                return await VerifyOnDiskAsync(target, url, expected, progress, cancellationToken);
            }

            var download = await _downloader.DownloadAsync(
                new DownloadRequest
                {
                    Url = url,
                    TargetPath = target,
                    ExpectedSize = expected.Size,
                    ExpectedSizeFrom = expected.SizeFrom,
                    ExpectedSha256 = expected.Sha256,
                    ExpectedSha256From = expected.Sha256From,
                    ReplaceExisting = force,
                },
                progress,
                cancellationToken);

            // Keep the first download's record; replace it only when the catalog's own checksum vouches for new bytes.
            string? recordedIn = null;
            if (recorded is null || !string.Equals(recorded.Sha256, download.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                await lockFile.RecordAsync(fileName, new ModelLockEntry(url, download.SizeBytes, download.Sha256, _time.GetUtcNow()), CancellationToken.None);
                recordedIn = lockFile.Path;
            }

            return new PullResult
            {
                Outcome = PullOutcome.Downloaded,
                Path = download.Path,
                Url = url,
                SizeBytes = download.SizeBytes,
                Sha256 = download.Sha256,
                VerifiedAgainst = expected.Sha256 is null ? null : expected.Sha256From,
                RecordedIn = recordedIn,
                ResumedFrom = download.ResumedFrom,
                DiscardedBytes = download.DiscardedBytes,
            };
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new PullException($"Cannot write to the models folder {_locator.ModelsDirectory} ({ex.Message}).", ex);
        }
    }

    private static PullResult LocalFile(ModelProfile profile)
    {
        var path = Path.GetFullPath(profile.Path!);
        if (!File.Exists(path))
        {
            throw new PullException(
                $"Profile '{profile.Id}' is the local file {path}, which is not there; pull only downloads files from a source URL, so put the file there or fix the profile's 'path'.");
        }

        return new PullResult { Outcome = PullOutcome.LocalFile, Path = path, SizeBytes = new FileInfo(path).Length };
    }

    /// <summary>Checks a file already in place against the expected size and hash; a mismatch is an error that suggests --force.</summary>
    private async Task<PullResult> VerifyOnDiskAsync(string target, Uri url, Expectations expected, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var size = new FileInfo(target).Length;
        if (expected.Size is { } expectedSize && size != expectedSize)
        {
            throw new PullException(
                $"{target} is already on disk but is {size} bytes, while {expected.SizeFrom} says {expectedSize}; rerun the pull with --force to download it again.");
        }

        var result = new PullResult { Outcome = PullOutcome.AlreadyOnDisk, Path = target, Url = url, SizeBytes = size };
        if (expected.Sha256 is null)
        {
            return result;
        }

        var reporter = new ProgressReporter(progress, _time, _options.ProgressInterval, DownloadStage.Hashing, Path.GetFileName(target), 0);
        var sha256 = await FileHashing.Sha256Async(target, reporter, cancellationToken);
        if (!string.Equals(sha256, expected.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new PullException(
                $"{target} is already on disk, but its sha256 is {sha256} while {expected.Sha256From} expects {expected.Sha256.ToLowerInvariant()}; "
                + "rerun the pull with --force to download it again.");
        }

        return result with { Sha256 = sha256, VerifiedAgainst = expected.Sha256From };
    }

    /// <summary>What the file must be: the catalog's size and hash, else the lock file's record of the first download.</summary>
    private sealed record Expectations(long? Size, string SizeFrom, string? Sha256, string Sha256From)
    {
        public static Expectations For(ModelProfile profile, ModelLockEntry? recorded, ModelLockFile lockFile)
        {
            const string Catalog = "the catalog";
            var fromLock = $"the lock file {lockFile.Path}";
            if (profile.Sha256 is { } sha256)
            {
                return new Expectations(profile.SizeBytes, Catalog, sha256, Catalog);
            }

            if (recorded is null)
            {
                return new Expectations(profile.SizeBytes, Catalog, null, Catalog);
            }

            return profile.SizeBytes is { } size
                ? new Expectations(size, Catalog, recorded.Sha256, fromLock)
                : new Expectations(recorded.SizeBytes, fromLock, recorded.Sha256, fromLock);
        }
    }
}
