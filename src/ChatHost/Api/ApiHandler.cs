using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelScale.ChatHost.Contracts;

namespace ModelScale.ChatHost.Api;

/// <summary>Runs a native endpoint: its expected failures become OpenAI-style errors; a bug is logged and is a plain 500.</summary>
public static partial class ApiHandler
{
    public static async Task<IResult> RunAsync(HttpContext http, Func<Task<IResult>> action)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return await action();
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return Results.Empty;
        }
        catch (Exception ex)
        {
            var failure = ApiErrors.From(ex);
            if (failure == ApiErrors.Unexpected)
            {
                LogFailed(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiHandler)), http.Request.Path, ex);
            }

            return failure.ToResult();
        }
    }

    /// <summary>Reads the JSON body; null with the error already written when it is not usable.</summary>
    public static async Task<T?> BodyAsync<T>(HttpContext http)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(http);
        var (value, failure) = await JsonBody.ReadAsync<T>(http.Request, NativeJson.Options, http.RequestAborted);
        if (failure is not null)
        {
            await failure.ToResult().ExecuteAsync(http);
        }

        return value;
    }

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "{Path} failed")]
    private static partial void LogFailed(ILogger logger, string path, Exception exception);
}
