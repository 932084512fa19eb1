using System.Net;
using System.Net.Sockets;

namespace ModelScale.ChatHost.Api;

/// <summary>Checks --urls before Kestrel binds: each must be http(s)://HOST:PORT, and only loopback hosts go without a key.</summary>
public static class BindAddresses
{
    /// <summary>The URLs in <paramref name="urls"/> (separated by ';'), or the one sentence that says what is wrong.</summary>
    public static (IReadOnlyList<Uri> Urls, string? Error) Check(string urls, bool hasApiKey)
    {
        ArgumentNullException.ThrowIfNull(urls);
        var parsed = new List<Uri>();
        foreach (var text in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Kestrel's wildcards (http://*:80, http://+:80) are not valid URI hosts; they mean every address.
            var normalized = text.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
            if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                return ([], $"'{text}' is not a URL to listen on; write it like {ServeOptions.DefaultUrl}.");
            }

            if (!IsLoopback(uri) && !hasApiKey)
            {
                return ([], $"Refusing to listen on {text} without --api-key: only 127.0.0.1, ::1 and localhost are served without a key.");
            }

            parsed.Add(uri);
        }

        return parsed.Count == 0 ? ([], "--urls names no address to listen on.") : (parsed, null);
    }

    /// <summary>
    /// The first URL whose port another process holds, found by binding it briefly the way Kestrel does; null when all
    /// are free. Checked before Kestrel starts so that the answer is one sentence, not Kestrel's logged stack trace.
    /// </summary>
    public static Uri? FirstInUse(IEnumerable<Uri> urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        foreach (var uri in urls)
        {
            if (uri.Port == 0)
            {
                continue;
            }

            var address = uri.IsLoopback && !IPAddress.TryParse(uri.Host.Trim('[', ']'), out _)
                ? IPAddress.Loopback
                : IPAddress.TryParse(uri.Host.Trim('[', ']'), out var parsed) ? parsed : null;
            if (address is null)
            {
                continue;
            }

            try
            {
                using var probe = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                probe.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                probe.Bind(new IPEndPoint(address, uri.Port));
                probe.Listen(1);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                return uri;
            }
            catch (SocketException)
            {
                // Anything else (no IPv6 here, an address this machine lacks) is Kestrel's to report.
            }
        }

        return null;
    }

    public static bool IsLoopback(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.IsLoopback)
        {
            return true;
        }

        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }
}
