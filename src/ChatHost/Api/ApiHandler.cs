using Microsoft.AspNetCore.Http;
using ModelScale.ChatHost.Contracts;

namespace ModelScale.ChatHost.Api;

/// <summary>Helpers for the native endpoints.</summary>
public static class ApiHandler
{
    /// <summary>Reads the JSON body; null with the error already written when it is not usable.</summary>
    public static async Task<T?> BodyAsync<T>(HttpContext http)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(http);
        var (value, failure) = await JsonBody.ReadAsync<T>(http.Request, NativeJson.Requests, http.RequestAborted);
        if (failure is not null)
        {
            await failure.ToResult().ExecuteAsync(http);
        }

        return value;
    }
}
