using System.Net.Sockets;
using System.Text;

namespace ModelScale.ChatHost.Tests.Api;

/// <summary>HTTP/1.1 over a bare socket, for requests no well-behaved client sends: broken chunking, bodies cut short or sent slowly.</summary>
internal static class RawHttp
{
    /// <summary>Sends <paramref name="head"/> (with "Connection: close") and each body part after its delay, then reads the response to the end.</summary>
    public static async Task<(int Status, string Body)> SendAsync(Uri server, string head, IEnumerable<(TimeSpan Delay, byte[] Bytes)> parts, bool closeSending = false)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        try
        {
            foreach (var (delay, bytes) in parts)
            {
                await Task.Delay(delay);
                await stream.WriteAsync(bytes);
            }

            if (closeSending)
            {
                tcp.Client.Shutdown(SocketShutdown.Send);
            }
        }
        catch (IOException)
        {
            // The server answered and closed while the body was still coming: read what it said.
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received, timeout.Token);
        }
        catch (IOException)
        {
            // A reset after the response: what came before it is the answer.
        }

        var text = Encoding.UTF8.GetString(received.ToArray());
        Assert.True(text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal), $"no HTTP response: '{text}'");
        var status = int.Parse(text.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture);
        var bodyStart = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (status, bodyStart < 0 ? string.Empty : text[(bodyStart + 4)..]);
    }

    public static string Head(Uri server, string method, string path, params string[] headers) =>
        $"{method} {path} HTTP/1.1\r\nHost: {server.Authority}\r\nConnection: close\r\n{string.Concat(headers.Select(h => h + "\r\n"))}\r\n";
}
