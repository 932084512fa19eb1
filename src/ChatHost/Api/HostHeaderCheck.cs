using System.Net;
using Microsoft.AspNetCore.Http;
using ModelScale.ChatHost.Contracts;

namespace ModelScale.ChatHost.Api;

/// <summary>
/// Without an API key, serves only requests addressed to a loopback name or address (localhost, 127.0.0.0/8, [::1])
/// or to a host named with --allowed-hosts. A page that re-points its own name at 127.0.0.1 (DNS rebinding) sends its
/// own name as Host, so it is refused here instead of reading the sessions. With a key the key is the guard.
/// </summary>
public sealed class HostHeaderCheck(IEnumerable<string> allowedHosts)
{
    private readonly HashSet<string> _allowed = new(allowedHosts.Select(Normalize), StringComparer.OrdinalIgnoreCase);

    public bool Allows(HostString host)
    {
        if (!host.HasValue)
        {
            return false;
        }

        var name = Normalize(host.Host);
        if (name.Equals("localhost", StringComparison.OrdinalIgnoreCase) || _allowed.Contains(name))
        {
            return true;
        }

        return IPAddress.TryParse(name.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (Allows(context.Request.Host))
        {
            await next(context);
            return;
        }

        await new ApiFailure(StatusCodes.Status400BadRequest, new ApiError(
            "This server answers requests for localhost and loopback addresses only; add the host name with --allowed-hosts, or set --api-key.",
            ApiFailure.InvalidRequest,
            null,
            "invalid_host")).ToResult().ExecuteAsync(context);
    }

    /// <summary>A host name as compared: lower case, without a trailing dot (localhost. is localhost).</summary>
    private static string Normalize(string host) => host.Trim().TrimEnd('.').ToLowerInvariant();
}
