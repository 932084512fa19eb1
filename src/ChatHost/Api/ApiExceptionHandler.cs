using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ModelScale.ChatHost.Contracts;
using ModelScale.Profiles.Errors;

namespace ModelScale.ChatHost.Api;

/// <summary>
/// Answers every exception an endpoint lets escape, before its response has started: a
/// <see cref="ModelScaleException"/> becomes the status and OpenAI-style error of its kind (<see cref="ApiErrors"/>),
/// a busy model adds Retry-After, and anything else is logged and is a plain 500. A streaming endpoint whose response
/// has started sends the same error as its last event instead (<see cref="WriteEventAsync"/>).
/// </summary>
public sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nobody reads an answer.
            return true;
        }

        var failure = Describe(httpContext, exception);
        if (exception is ModelScaleException { Kind: ErrorKind.Busy })
        {
            httpContext.Response.Headers.RetryAfter = ApiErrors.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }

        await failure.ToResult().ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>Mid-stream, the status is sent already: the error goes as the stream's last event.</summary>
    public async Task WriteEventAsync(HttpContext httpContext, Exception exception, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var failure = Describe(httpContext, exception);
        await ServerSentEvents.WriteAsync(httpContext.Response, new ApiErrorBody(failure.Error), options, CancellationToken.None);
    }

    private ApiFailure Describe(HttpContext httpContext, Exception exception)
    {
        var failure = ApiErrors.From(exception);
        if (exception is not ModelScaleException)
        {
            LogFailed(logger, httpContext.Request.Path, exception);
        }

        return failure;
    }

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "{Path} failed")]
    private static partial void LogFailed(ILogger logger, string path, Exception exception);
}
