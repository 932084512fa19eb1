using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using ModelScale.ChatHost.Contracts;

namespace ModelScale.ChatHost.Api;

/// <summary>Writes a text/event-stream response: one <c>data:</c> line per event, flushed at once.</summary>
public static class ServerSentEvents
{
    /// <summary>The last event of a stream, as OpenAI ends one.</summary>
    public const string Done = StreamMarkers.Done;

    public static void Begin(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    public static Task WriteAsync<T>(HttpResponse response, T value, JsonSerializerOptions options, CancellationToken cancellationToken) =>
        WriteDataAsync(response, JsonSerializer.Serialize(value, options), cancellationToken);

    public static async Task WriteDataAsync(HttpResponse response, string data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(data);
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes($"data: {data}\n\n"), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
