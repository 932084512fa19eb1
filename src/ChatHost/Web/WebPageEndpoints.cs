using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ModelScale.ChatHost.Web;

/// <summary>
/// Serves the page at / and its files under /web/: static, embedded in the assembly, nothing fetched from elsewhere.
/// Every file goes out with a Content-Security-Policy that allows only this origin's own scripts, styles and requests
/// (no inline script or style), nosniff, and no framing; the page talks to the public API only.
/// </summary>
public static class WebPageEndpoints
{
    /// <summary>The page's Content-Security-Policy: its own files and same-origin requests, nothing inline, no frames.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static IEndpointRouteBuilder MapWebPage(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        foreach (var asset in WebAssets.All.Values)
        {
            endpoints.MapMethods(asset.Path, [HttpMethods.Get, HttpMethods.Head], (HttpContext http) => Serve(http, asset))
                .ExcludeFromDescription();
        }

        return endpoints;
    }

    private static IResult Serve(HttpContext http, WebAsset asset)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == asset.ETag)))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(asset.Content, asset.ContentType);
    }
}
