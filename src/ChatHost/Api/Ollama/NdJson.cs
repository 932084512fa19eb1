using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ModelScale.ChatHost.Contracts.Ollama;

namespace ModelScale.ChatHost.Api.Ollama;

/// <summary>Newline-delimited JSON, as Ollama streams: one object per line, flushed at once.</summary>
public static class NdJson
{
    public static void Begin(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = OllamaJson.NdJson;
        response.Headers.CacheControl = "no-cache";
    }

    public static async Task WriteAsync<T>(HttpResponse response, T value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, OllamaJson.Options);
        await response.Body.WriteAsync(bytes, cancellationToken);
        await response.Body.WriteAsync("\n"u8.ToArray(), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
