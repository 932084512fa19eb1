using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelScale.ChatHost.Contracts.Ollama;
using ModelScale.Profiles.Errors;

namespace ModelScale.ChatHost.Api.Ollama;

/// <summary>
/// Every exception an Ollama endpoint lets escape becomes Ollama's error shape: before the response has started, the
/// status of its kind (<see cref="ApiErrors"/>) with <c>{"error":"..."}</c>; after, a last NDJSON line with the error,
/// as Ollama ends a stream that failed. Anything that is not a <see cref="ModelScaleException"/> is a bug: logged, and a
/// client sees nothing of it.
/// </summary>
public sealed partial class OllamaErrorFilter(ILogger<OllamaErrorFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        try
        {
            return await next(context);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nobody reads an answer.
            return Results.Empty;
        }
        catch (OperationCanceledException) when (http.RequestServices.GetService<IHostApplicationLifetime>()?.ApplicationStopping.IsCancellationRequested == true)
        {
            // The service is stopping: the answer ends here, with a sentence instead of a 500.
            const string Stopping = "The server is stopping; send the request again once it is back.";
            if (http.Response.HasStarted)
            {
                await NdJson.WriteAsync(http.Response, new OllamaError(Stopping), CancellationToken.None);
                return Results.Empty;
            }

            return new OllamaFailure(StatusCodes.Status503ServiceUnavailable, Stopping).ToResult();
        }
        catch (Exception ex)
        {
            var failure = ApiErrors.From(ex);
            if (ex is not ModelScaleException)
            {
                LogFailed(logger, http.Request.Path, ex);
            }

            if (http.Response.HasStarted)
            {
                await NdJson.WriteAsync(http.Response, new OllamaError(failure.Error.Message), CancellationToken.None);
                return Results.Empty;
            }

            if (ex is ModelScaleException { Kind: ErrorKind.Busy })
            {
                http.Response.Headers.RetryAfter = ApiErrors.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            }

            return OllamaFailure.From(failure).ToResult();
        }
    }

    [LoggerMessage(EventId = 140, Level = LogLevel.Error, Message = "{Path} failed")]
    private static partial void LogFailed(ILogger logger, string path, Exception exception);
}
