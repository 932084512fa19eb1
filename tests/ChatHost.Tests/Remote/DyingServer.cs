using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ModelScale.ChatHost.Tests.Remote;

/// <summary>An OpenAI-compatible endpoint that streams a few chunks of an answer and then drops the connection.</summary>
internal sealed class DyingServer : IDisposable
{
    private static readonly string[] Words = ["one ", "two ", "three ", "four ", "five "];
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();

    private DyingServer(TcpListener listener, int chunks)
    {
        _listener = listener;
        _ = Task.Run(() => ServeAsync(chunks));
    }

    public Uri BaseUrl => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1");

    public static DyingServer Start(int chunks)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new DyingServer(listener, chunks);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task ServeAsync(int chunks)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            using (client)
            {
                var stream = client.GetStream();
                await ReadRequestAsync(stream);
                var head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
                for (var i = 0; i < chunks; i++)
                {
                    var json = $$"""{"id":"x","object":"chat.completion.chunk","created":0,"model":"stories","choices":[{"index":0,"delta":{"role":"assistant","content":"{{Words[i]}}"},"finish_reason":null}]}""";
                    var payload = Encoding.UTF8.GetBytes($"data: {json}\n\n");
                    await stream.WriteAsync(Encoding.ASCII.GetBytes($"{payload.Length:X}\r\n"));
                    await stream.WriteAsync(payload);
                    await stream.WriteAsync("\r\n"u8.ToArray());
                    await stream.FlushAsync();
                }

                // Gone mid-answer: no [DONE], no final chunk, the socket closes hard.
                client.Client.LingerState = new LingerOption(true, 0);
            }
        }
    }

    private static async Task ReadRequestAsync(NetworkStream stream)
    {
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        while (true)
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                return;
            }

            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
            var all = text.ToString();
            var end = all.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0)
            {
                continue;
            }

            var length = all.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) is { } header
                ? int.Parse(header["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)
                : 0;
            if (Encoding.UTF8.GetByteCount(all[(end + 4)..]) >= length)
            {
                return;
            }
        }
    }
}
