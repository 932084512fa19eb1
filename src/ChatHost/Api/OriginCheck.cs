using Microsoft.AspNetCore.Http;
using ModelScale.ChatHost.Contracts;

namespace ModelScale.ChatHost.Api;

/// <summary>
/// Refuses requests a browser sends on behalf of a page from another origin: a request with an Origin header is served
/// only when that origin is the server's own (scheme, host and port of the request) or one that CORS allows
/// (<see cref="ServeOptions.CorsOrigins"/>). Browsers send Origin with every cross-origin POST, including the "simple"
/// text/plain and form posts that skip the preflight, so a page elsewhere cannot create sessions or send messages.
/// Clients that are not browsers send no Origin and are not affected.
/// </summary>
public sealed class OriginCheck(IEnumerable<string> corsOrigins)
{
    private readonly HashSet<string> _allowed = new(corsOrigins.Select(o => o.TrimEnd('/')), StringComparer.OrdinalIgnoreCase);

    public bool Allows(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Headers.TryGetValue("Origin", out var values))
        {
            return true;
        }

        var origin = values.ToString().TrimEnd('/');
        if (values.Count != 1 || origin.Length == 0 || origin == "null")
        {
            return false;
        }

        return _allowed.Contains(origin) || string.Equals(origin, $"{request.Scheme}://{request.Host.Value}", StringComparison.OrdinalIgnoreCase);
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (Allows(context.Request))
        {
            await next(context);
            return;
        }

        await new ApiFailure(StatusCodes.Status403Forbidden, new ApiError(
            $"Requests from the web origin '{context.Request.Headers.Origin}' are not allowed; this server answers pages of its own origin only.",
            ApiFailure.InvalidRequest,
            null,
            "origin_not_allowed")).ToResult().ExecuteAsync(context);
    }
}
