using System.Net;
using System.Net.Sockets;

namespace ModelScale.ChatHost.Api;

/// <summary>Checks --urls before Kestrel binds: each must be http(s)://HOST:PORT, and only loopback hosts go without a key.</summary>
public static class BindAddresses
{
    /// <summary>
    /// The URLs in <paramref name="urls"/> (separated by ';'), or the one sentence that says what is wrong. Without a key
    /// only loopback is served: an IP literal that is a loopback address, or localhost when it resolves to loopback
    /// addresses only. Any other host name is refused, because Kestrel listens on every address for a name it does not
    /// know ([::]), whatever the name resolves to.
    /// </summary>
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

            if (uri.UserInfo.Length > 0)
            {
                return ([], $"'{Redacted(uri)}' carries a user name or password; --urls takes http(s)://HOST:PORT only, and clients authenticate with --api-key.");
            }

            if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0)
            {
                return ([], $"'{text}' has a path, query or fragment; --urls takes http(s)://HOST:PORT only, like {ServeOptions.DefaultUrl}.");
            }

            if (uri.Port == 0 && HostAsWritten(normalized).Equals("localhost", StringComparison.OrdinalIgnoreCase))
            {
                return ([], $"'{text}': port 0 (any free port) works with an address, not with localhost (Kestrel would need two ports); write http://127.0.0.1:0.");
            }

            if (!hasApiKey && !IsLoopback(uri, HostAsWritten(normalized)))
            {
                return ([], IsAddressOrWildcard(uri)
                    ? $"Refusing to listen on {text} without --api-key: only 127.0.0.1, ::1 and localhost are served without a key."
                    : $"Refusing to listen on {text} without --api-key: Kestrel listens on every address for a host name other than localhost; use 127.0.0.1, ::1 or localhost, or set a key.");
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

            var address = HostAsWritten(uri.OriginalString).Equals("localhost", StringComparison.OrdinalIgnoreCase)
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

    /// <summary>
    /// Whether Kestrel binds <paramref name="uri"/> to loopback addresses only: a loopback IP literal, or localhost (which
    /// Kestrel binds to 127.0.0.1 and ::1) when the resolver, too, knows it as loopback only. Not <see cref="Uri.IsLoopback"/>,
    /// which believes names such as "loopback" that Kestrel binds to every address.
    /// </summary>
    public static bool IsLoopback(Uri uri) => IsLoopback(uri, HostAsWritten(uri.OriginalString));

    private static bool IsLoopback(Uri uri, string host)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (IPAddress.TryParse(host.Trim('[', ']'), out var address))
        {
            return IPAddress.IsLoopback(address);
        }

        // Not uri.Host: Uri rewrites the name "loopback" to "localhost", but Kestrel gets the text as written.
        if (!host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            return Dns.GetHostAddresses(uri.Host).All(IPAddress.IsLoopback);
        }
        catch (SocketException)
        {
            // Not resolvable here: Kestrel still binds localhost to the loopback addresses only.
            return true;
        }
    }

    /// <summary>The host exactly as the URL text writes it (no user info, no port), which is what Kestrel binds.</summary>
    private static string HostAsWritten(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        var rest = scheme < 0 ? url : url[(scheme + 3)..];
        var end = rest.IndexOfAny(['/', '?', '#']);
        var authority = end < 0 ? rest : rest[..end];
        authority = authority[(authority.LastIndexOf('@') + 1)..];
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            return close < 0 ? authority : authority[..(close + 1)];
        }

        var colon = authority.LastIndexOf(':');
        return colon < 0 ? authority : authority[..colon];
    }

    private static bool IsAddressOrWildcard(Uri uri) => IPAddress.TryParse(uri.Host.Trim('[', ']'), out _);

    /// <summary>The URL without its password, for an error message.</summary>
    private static string Redacted(Uri uri) => $"{uri.Scheme}://***@{uri.Authority}";
}
