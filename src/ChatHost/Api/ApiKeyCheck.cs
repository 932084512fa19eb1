using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using ModelScale.ChatHost.Contracts;
using ModelScale.ChatHost.Web;

namespace ModelScale.ChatHost.Api;

/// <summary>
/// Checks the API key of each request (Authorization: Bearer KEY, or x-api-key) in constant time: both sides are
/// hashed first, so neither the content nor the length of the key leaks through timing. /health and the web page's
/// static files (its shell: no data, it asks for the key and sends it with every API request) stay open.
/// </summary>
public sealed class ApiKeyCheck(string apiKey)
{
    private readonly byte[] _expected = SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));

    public bool Matches(string? provided)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(provided ?? string.Empty));
        return CryptographicOperations.FixedTimeEquals(hash, _expected) && provided is not null;
    }

    public static string? FromRequest(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        return request.Headers.TryGetValue("x-api-key", out var key) ? key.ToString() : null;
    }

    private static bool IsPageFile(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) && WebAssets.IsAsset(request.Path.Value);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.Request.Path.Equals("/health", StringComparison.OrdinalIgnoreCase) || IsPageFile(context.Request)
            || Matches(FromRequest(context.Request)))
        {
            await next(context);
            return;
        }

        var provided = FromRequest(context.Request) is not null;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await new ApiFailure(StatusCodes.Status401Unauthorized, new ApiError(
            provided ? "Incorrect API key provided." : "You didn't provide an API key: send it as 'Authorization: Bearer KEY'.",
            ApiFailure.InvalidRequest,
            null,
            provided ? "invalid_api_key" : "missing_api_key")).ToResult().ExecuteAsync(context);
    }
}
