using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ModelScale.Tests.Shared;

/// <summary>One request as the fixture server saw it; header names are matched ignoring case.</summary>
internal sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A tiny HTTP/1.1 file server on 127.0.0.1 and a port the OS picks, for download tests. It serves byte arrays by path,
/// honours <c>Range: bytes=N-</c> with If-Range against its ETag, and can misbehave on purpose: ignore ranges, drop the
/// connection or stall after some bytes, or answer 404. Every request is recorded. One response per connection.
/// </summary>
internal sealed class FixtureHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly Task _acceptLoop;
    private int _drops;

    public FixtureHttpServer()
    {
        _listener.Start();
        BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _acceptLoop = AcceptLoopAsync();
    }

    public Uri BaseUrl { get; }

    /// <summary>The ETag sent with every file (null sends none); change it to simulate a file that changed upstream.</summary>
    public string? ETag { get; set; } = "\"fixture-v1\"";

    /// <summary>Answer every request with the whole file, as a server without range support does.</summary>
    public bool IgnoreRange { get; set; }

    /// <summary>Close the connection after this many body bytes, for the next <see cref="DropCount"/> requests.</summary>
    public long? DropAfter { get; set; }

    public int DropCount { get; set; } = 1;

    /// <summary>Send this many body bytes, then go silent (the connection stays open) until the client gives up.</summary>
    public long? StallAfter { get; set; }

    /// <summary>Completes once a stalled response has sent its bytes.</summary>
    public TaskCompletionSource Stalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public Uri Serve(string path, byte[] content)
    {
        _files[Normalize(path)] = content;
        return new Uri(BaseUrl, path.TrimStart('/'));
    }

    /// <summary>Deterministic pseudo-random bytes (xorshift), different for each seed.</summary>
    public static byte[] DeterministicBytes(int length, uint seed = 1)
    {
        var bytes = new byte[length];
        var state = seed * 2654435761u | 1;
        for (var i = 0; i < length; i++)
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            bytes[i] = (byte)state;
        }

        return bytes;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private static string Normalize(string path) => "/" + path.TrimStart('/');

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => HandleAsync(client));
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = await ReadRequestAsync(stream);
                if (request is null)
                {
                    return;
                }

                _requests.Enqueue(request);
                await RespondAsync(client, stream, request);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away, or the server is stopping.
            }
        }
    }

    private static async Task<RecordedRequest?> ReadRequestAsync(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (buffer.Count < 4 || !(buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n'))
        {
            if (await stream.ReadAsync(one) == 0)
            {
                return null;
            }

            buffer.Add(one[0]);
        }

        var lines = Encoding.ASCII.GetString([.. buffer]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var parts = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        return new RecordedRequest(parts[0], Uri.UnescapeDataString(parts[1]), headers);
    }

    private async Task RespondAsync(TcpClient client, NetworkStream stream, RecordedRequest request)
    {
        if (!_files.TryGetValue(request.Path, out var content))
        {
            await WriteHeadAsync(stream, "404 Not Found", [("Content-Length", "0")]);
            return;
        }

        var headers = new List<(string, string)>();
        if (ETag is { } etag)
        {
            headers.Add(("ETag", etag));
        }

        var start = RangeStart(request);
        if (start >= content.Length)
        {
            headers.Add(("Content-Range", $"bytes */{content.Length}"));
            headers.Add(("Content-Length", "0"));
            await WriteHeadAsync(stream, "416 Range Not Satisfiable", headers);
            return;
        }

        string status;
        if (start is { } from)
        {
            status = "206 Partial Content";
            headers.Add(("Content-Range", string.Create(CultureInfo.InvariantCulture, $"bytes {from}-{content.Length - 1}/{content.Length}")));
        }
        else
        {
            status = "200 OK";
        }

        var body = content.AsMemory((int)(start ?? 0));
        headers.Add(("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture)));
        headers.Add(("Accept-Ranges", IgnoreRange ? "none" : "bytes"));
        await WriteHeadAsync(stream, status, headers);

        if (DropAfter is { } drop && Interlocked.Increment(ref _drops) <= DropCount)
        {
            await stream.WriteAsync(body[..(int)Math.Min(drop, body.Length)]);
            await stream.FlushAsync();
            client.Client.Shutdown(SocketShutdown.Both);
            return;
        }

        if (StallAfter is { } stall)
        {
            await stream.WriteAsync(body[..(int)Math.Min(stall, body.Length)]);
            await stream.FlushAsync();
            Stalled.TrySetResult();
            await Task.Delay(Timeout.Infinite, _stop.Token);
            return;
        }

        await stream.WriteAsync(body);
    }

    /// <summary>The first byte a request asks for, or null for the whole file (no range, ranges ignored, or If-Range failed).</summary>
    private long? RangeStart(RecordedRequest request)
    {
        if (IgnoreRange || request.Header("Range") is not { } range || !range.StartsWith("bytes=", StringComparison.Ordinal) || !range.EndsWith('-'))
        {
            return null;
        }

        if (request.Header("If-Range") is { } ifRange && ifRange != ETag)
        {
            return null;
        }

        return long.Parse(range["bytes=".Length..^1], CultureInfo.InvariantCulture);
    }

    private static async Task WriteHeadAsync(NetworkStream stream, string status, IEnumerable<(string Name, string Value)> headers)
    {
        var head = new StringBuilder($"HTTP/1.1 {status}\r\nConnection: close\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()));
        await stream.FlushAsync();
    }
}
