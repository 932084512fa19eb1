using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using ModelScale.Profiles.Gguf;
using ModelScale.Profiles.Units;

namespace ModelScale.Profiles.Store;

/// <summary>
/// Downloads one file over HTTP into <c>{target}.partial</c>, hashing as the bytes arrive, and renames it into place once
/// its size and SHA-256 check out. A partial file left by a broken or cancelled run is hashed and resumed with a range
/// request (If-Range guards against a file that changed upstream); a server that answers with the whole file restarts it
/// cleanly, and says so. What arrived must be a GGUF file (its magic and header are read) before it is renamed into place.
/// The caller holds the file's pull lock (<see cref="ModelPuller"/> does).
/// </summary>
public sealed class ModelDownloader
{
    public const string PartialSuffix = ".partial";

    private readonly HttpClient _http;
    private readonly IDiskSpace _disk;
    private readonly TimeProvider _time;
    private readonly DownloadOptions _options;

    public ModelDownloader(HttpClient http, IDiskSpace disk, TimeProvider time, DownloadOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(disk);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _disk = disk;
        _time = time;
        _options = options;
    }

    /// <summary>The partial file a download of <paramref name="targetPath"/> writes to.</summary>
    public static string PartialPathFor(string targetPath) => targetPath + PartialSuffix;

    /// <summary>Downloads, verifies and renames the file into place.</summary>
    /// <exception cref="PullException">An HTTP error, a broken connection, too little disk space or a mismatch; the message says what became of the partial file.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the partial file is kept for the next run to resume.</exception>
    public async Task<DownloadResult> DownloadAsync(DownloadRequest request, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var files = new Files(Path.GetFullPath(request.TargetPath));
        Directory.CreateDirectory(files.Folder);

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var state = PartialDownloadState.TryRead(files.State);
        var existing = await HashPartialAsync(request, files, state, hash, progress, cancellationToken);

        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var response = await SendAsync(request.Url, files, existing, state, stall, cancellationToken);
        try
        {
            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && existing > 0)
            {
                if (response.Content.Headers.ContentRange?.Length == existing)
                {
                    // The partial file already holds every byte: it only needs checking and renaming.
                    return Finish(request, files, existing, hash, resumedFrom: existing);
                }

                // The partial file is longer than the file on the server, so it is not a prefix of it: start again.
                response.Dispose();
                Discard(files);
                hash.GetHashAndReset();
                existing = 0;
                response = await SendAsync(request.Url, files, 0, null, stall, cancellationToken);
            }

            var (offset, total) = Accept(response, request.Url, files, existing);
            var discarded = 0L;
            if (offset == 0 && existing > 0)
            {
                // The server ignored the range (or If-Range found the file changed) and sends it whole: restart from zero.
                hash.GetHashAndReset();
                discarded = existing;
            }

            CheckSize(request, total);
            CheckFreeSpace(files.Folder, total, existing);
            new PartialDownloadState(request.Url, StrongETag(response), response.Content.Headers.LastModified, total).Write(files.State);

            var reporter = new ProgressReporter(progress, _time, _options.ProgressInterval, DownloadStage.Downloading, files.Name, offset, discarded);
            var size = await ReceiveAsync(response, request.Url, files, offset, total, hash, reporter, stall, cancellationToken);
            return Finish(request, files, size, hash, offset) with { DiscardedBytes = discarded };
        }
        finally
        {
            response.Dispose();
        }
    }

    /// <summary>Feeds a usable partial file into the hash and returns its length; drops one that cannot be resumed.</summary>
    private async Task<long> HashPartialAsync(
        DownloadRequest request, Files files, PartialDownloadState? state, IncrementalHash hash, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        if (!File.Exists(files.Partial))
        {
            return 0;
        }

        var length = new FileInfo(files.Partial).Length;
        var fromAnotherUrl = state is not null && state.Url != request.Url;
        var tooLong = length > request.ExpectedSize || length > state?.TotalBytes;
        if (length == 0 || fromAnotherUrl || tooLong)
        {
            Discard(files);
            return 0;
        }

        var reporter = new ProgressReporter(progress, _time, _options.ProgressInterval, DownloadStage.Hashing, files.Name, 0);
        return await FileHashing.AppendFileAsync(hash, files.Partial, reporter, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(
        Uri url, Files files, long from, PartialDownloadState? state, CancellationTokenSource stall, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, url);
        if (from > 0)
        {
            message.Headers.Range = new RangeHeaderValue(from, null);
            if (state?.ETag is { } etag && EntityTagHeaderValue.TryParse(etag, out var tag))
            {
                message.Headers.IfRange = new RangeConditionHeaderValue(tag);
            }
            else if (state?.LastModified is { } lastModified)
            {
                message.Headers.IfRange = new RangeConditionHeaderValue(lastModified);
            }
        }

        stall.CancelAfter(_options.StallTimeout);
        try
        {
            return await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, stall.Token);
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
        {
            throw new OperationCanceledException("The pull was cancelled.", ex, cancellationToken);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unreachable(url, files, from, $"no answer within {Seconds(_options.StallTimeout)}", ex);
        }
        catch (HttpRequestException ex)
        {
            throw Unreachable(url, files, from, Reason(ex), ex);
        }
    }

    /// <summary>Where the body starts and how long the whole file is, from a 200 or 206; any other status is an error.</summary>
    private static (long Offset, long? Total) Accept(HttpResponseMessage response, Uri url, Files files, long existing)
    {
        if (response.StatusCode == HttpStatusCode.PartialContent)
        {
            var range = response.Content.Headers.ContentRange;
            if (range?.From != existing)
            {
                var from = range?.From?.ToString(CultureInfo.InvariantCulture) ?? "an unknown offset";
                throw new PullException($"{url} answered with bytes from {from} instead of from {existing}; delete {files.Partial} and pull again.");
            }

            return (existing, range.Length);
        }

        if (response.StatusCode == HttpStatusCode.OK)
        {
            return (0, response.Content.Headers.ContentLength);
        }

        var code = (int)response.StatusCode;
        var reason = string.IsNullOrWhiteSpace(response.ReasonPhrase) ? response.StatusCode.ToString() : response.ReasonPhrase;
        throw response.StatusCode switch
        {
            HttpStatusCode.NotFound => new PullException($"{url} was not found (HTTP 404); check the profile's source in the catalog."),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                new PullException($"{url} refused the download (HTTP {code} {reason}); the repository may be gated or need a token."),
            _ => new PullException($"Downloading {url} failed with HTTP {code} {reason}."),
        };
    }

    private static void CheckSize(DownloadRequest request, long? total)
    {
        if (request.ExpectedSize is { } expected && total is { } actual && actual != expected)
        {
            throw new PullException(
                $"{request.Url} is {actual} bytes, but {request.ExpectedSizeFrom} says {expected}; they disagree about the file, so nothing was downloaded.");
        }
    }

    /// <summary>Refuses before any byte is written when the drive cannot hold the rest of the file.</summary>
    private void CheckFreeSpace(string folder, long? total, long onDisk)
    {
        if (total is not { } size)
        {
            return;
        }

        // A restart truncates the partial file first, so its bytes count as free either way.
        var remaining = Math.Max(0, size - onDisk);
        if (_disk.GetAvailableBytes(folder) is { } free && free < remaining + _options.FreeSpaceMargin)
        {
            throw new PullException(
                $"Not enough free disk space in {folder}: the download needs {ByteSize.Format(remaining)} plus a margin of "
                + $"{ByteSize.Format(_options.FreeSpaceMargin)}, but only {ByteSize.Format(free)} is free.");
        }
    }

    private async Task<long> ReceiveAsync(
        HttpResponseMessage response,
        Uri url,
        Files files,
        long offset,
        long? total,
        IncrementalHash hash,
        ProgressReporter progress,
        CancellationTokenSource stall,
        CancellationToken cancellationToken)
    {
        await using var file = new FileStream(files.Partial, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous);
        file.SetLength(offset);
        file.Position = offset;

        var done = offset;
        var buffer = new byte[FileHashing.BufferSize];
        progress.Report(done, total, final: true);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        while (true)
        {
            int read;
            try
            {
                stall.CancelAfter(_options.StallTimeout);
                read = await body.ReadAsync(buffer, stall.Token);
            }
            catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
            {
                throw new OperationCanceledException("The pull was cancelled.", ex, cancellationToken);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw BrokenOff(url, files, done, total, $"nothing arrived for {Seconds(_options.StallTimeout)}", ex);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException)
            {
                throw BrokenOff(url, files, done, total, Reason(ex), ex);
            }

            if (read == 0)
            {
                break;
            }

            hash.AppendData(buffer, 0, read);
            await WriteAsync(file, buffer.AsMemory(0, read), files, done);
            done += read;
            progress.Report(done, total);
        }

        if (done < total)
        {
            throw BrokenOff(url, files, done, total, "the server closed the connection early", null);
        }

        progress.Report(done, total, final: true);
        return done;
    }

    /// <summary>Writes without cancellation (a chunk is written whole or not at all), turning a full disk into a clear error.</summary>
    private static async Task WriteAsync(FileStream file, ReadOnlyMemory<byte> chunk, Files files, long done)
    {
        try
        {
            await file.WriteAsync(chunk, CancellationToken.None);
        }
        catch (IOException ex) when (IsDiskFull(ex))
        {
            throw new PullException(
                $"The disk holding {files.Folder} is full after {ByteSize.Format(done)}; free some space and rerun the pull, which resumes from {files.Partial}.", ex);
        }
        catch (IOException ex)
        {
            throw new PullException($"Cannot write {files.Partial} ({Reason(ex)}); the partial file is kept, and rerunning the pull resumes it.", ex);
        }
    }

    /// <summary>Checks size and hash, then renames the partial file into place; a mismatch removes the partial file.</summary>
    private static DownloadResult Finish(DownloadRequest request, Files files, long size, IncrementalHash hash, long resumedFrom)
    {
        var sha256 = FileHashing.Hex(hash.GetHashAndReset());
        if (request.ExpectedSize is { } expectedSize && size != expectedSize)
        {
            Discard(files);
            throw new PullException(
                $"The file from {request.Url} is {size} bytes, but {request.ExpectedSizeFrom} says {expectedSize}; the partial file was removed.");
        }

        EnsureGguf(request, files);
        if (request.ExpectedSha256 is { } expected && !string.Equals(sha256, expected, StringComparison.OrdinalIgnoreCase))
        {
            Discard(files);
            throw new PullException(
                $"Checksum mismatch: the file from {request.Url} has sha256 {sha256}, but {request.ExpectedSha256From} expects "
                + $"{expected.ToLowerInvariant()}; the partial file was removed.");
        }

        if (request.ReplaceExisting && File.Exists(files.Target))
        {
            File.Delete(files.Target);
        }

        try
        {
            File.Move(files.Partial, files.Target, overwrite: false);
        }
        catch (IOException ex) when (File.Exists(files.Target))
        {
            throw new PullException($"{files.Target} appeared while this pull was running; the verified download was left at {files.Partial}.", ex);
        }

        TryDelete(files.State);
        return new DownloadResult(files.Target, size, sha256, resumedFrom);
    }

    /// <summary>Reads the magic and header of what arrived; anything that is not a GGUF model is removed and never renamed into place.</summary>
    private static void EnsureGguf(DownloadRequest request, Files files)
    {
        string? problem;
        try
        {
            using var stream = new FileStream(files.Partial, FileMode.Open, FileAccess.Read, FileShare.Read);
            problem = HasGgufMagic(stream) ? null : StartOf(stream);
            if (problem is null)
            {
                GgufReader.Read(stream, files.Name);
            }
        }
        catch (GgufFormatException ex)
        {
            problem = $"its header is damaged: {Reason(ex)}";
        }
        catch (IOException ex)
        {
            problem = $"it cannot be read back: {Reason(ex)}";
        }

        if (problem is not null)
        {
            Discard(files);
            throw new PullException($"The file from {request.Url} is not a GGUF model ({problem}); it was removed and nothing was recorded.");
        }
    }

    private static bool HasGgufMagic(Stream stream)
    {
        Span<byte> magic = stackalloc byte[4];
        stream.Position = 0;
        return stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && magic.SequenceEqual("GGUF"u8);
    }

    /// <summary>What the file starts with instead of the magic: text when printable (an HTML error page shows as "&lt;!DOCTYPE"), else hex.</summary>
    private static string StartOf(Stream stream)
    {
        var bytes = new byte[Math.Min(16, stream.Length)];
        stream.Position = 0;
        stream.ReadExactly(bytes);
        if (bytes.Length == 0)
        {
            return "it is empty";
        }

        var printable = bytes.All(b => b is >= 0x20 and < 0x7f or (byte)'\n' or (byte)'\r' or (byte)'\t');
        return printable
            ? $"it starts with \"{System.Text.Encoding.ASCII.GetString(bytes).ReplaceLineEndings(" ").Trim()}\" instead of the GGUF magic"
            : $"it starts with the bytes {Convert.ToHexString(bytes, 0, Math.Min(4, bytes.Length))} instead of the GGUF magic";
    }

    private static PullException Unreachable(Uri url, Files files, long partialBytes, string reason, Exception inner)
        => new(partialBytes > 0
            ? $"Could not download {url} ({reason}); the partial file {files.Partial} is kept, and rerunning the pull resumes it."
            : $"Could not download {url} ({reason}).", inner);

    private static PullException BrokenOff(Uri url, Files files, long done, long? total, string reason, Exception? inner)
    {
        var of = total is { } t ? $" of {ByteSize.Format(t)}" : string.Empty;
        var message = $"The download of {url} broke off after {ByteSize.Format(done)}{of} ({reason}); the partial file {files.Partial} is kept, and rerunning the pull resumes it.";
        return inner is null ? new PullException(message) : new PullException(message, inner);
    }

    /// <summary>An exception's message as a clause: its first line, without the final full stop.</summary>
    private static string Reason(Exception ex)
    {
        var message = ex.Message.Split('\n')[0].Trim();
        return message.EndsWith('.') ? message[..^1] : message;
    }

    private static string Seconds(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#} seconds");

    /// <summary>ENOSPC and EDQUOT on Unix (.NET puts the errno in HResult); ERROR_DISK_FULL and ERROR_HANDLE_DISK_FULL on Windows.</summary>
    private static bool IsDiskFull(IOException ex)
        => ex.HResult is 28 or 122 or unchecked((int)0x80070070) or unchecked((int)0x80070027);

    /// <summary>A weak ETag cannot be used in If-Range, so only a strong one is kept.</summary>
    private static string? StrongETag(HttpResponseMessage response)
        => response.Headers.ETag is { IsWeak: false } tag ? tag.ToString() : null;

    private static void Discard(Files files)
    {
        TryDelete(files.Partial);
        TryDelete(files.State);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left behind: the next pull discards or resumes it.
        }
    }

    /// <summary>The final path and the files beside it that a download uses.</summary>
    private sealed record Files(string Target)
    {
        public string Partial { get; } = PartialPathFor(Target);

        public string State { get; } = PartialDownloadState.PathFor(PartialPathFor(Target));

        public string Folder { get; } = Path.GetDirectoryName(Target)!;

        public string Name { get; } = Path.GetFileName(Target);
    }
}
