using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ModelScale.ChatHost.Contracts;

namespace ModelScale.ChatHost.Api;

/// <summary>
/// Every error status that would go out with an empty body (an unknown route, a known route with the wrong method)
/// gets an OpenAI-style JSON body instead, so clients can show why.
/// </summary>
public static class StatusCodeBodies
{
    public static IApplicationBuilder UseJsonStatusCodeBodies(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            var request = http.Request;
            var failure = http.Response.StatusCode switch
            {
                StatusCodes.Status404NotFound => new ApiFailure(
                    StatusCodes.Status404NotFound,
                    new ApiError($"There is no {request.Method} {request.Path} on this server; the API is under /v1 (OpenAI) and /api (native).", ApiFailure.InvalidRequest, null, "not_found")),
                StatusCodes.Status405MethodNotAllowed => new ApiFailure(
                    StatusCodes.Status405MethodNotAllowed,
                    new ApiError($"{request.Path} does not take {request.Method}{Allowed(http)}.", ApiFailure.InvalidRequest, null, "method_not_allowed")),
                var status => new ApiFailure(status, new ApiError($"The request failed with status {status}.", status >= 500 ? ApiFailure.Server : ApiFailure.InvalidRequest, null, null)),
            };
            await failure.ToResult().ExecuteAsync(http);
        });
    }

    private static string Allowed(HttpContext http) =>
        http.Response.Headers.Allow is { Count: > 0 } allow ? $"; it takes {string.Join(", ", allow.ToArray())}" : string.Empty;
}
