using Microsoft.AspNetCore.Http;
using ModelScale.ChatHost.Contracts;
using ModelScale.Profiles.Errors;

namespace ModelScale.ChatHost.Api;

/// <summary>
/// The one place where the API maps an error kind to an HTTP status and an OpenAI-style error: the status and type
/// come from the kind, the message, code and param from the <see cref="ModelScaleException"/>. Any other exception is
/// a bug, and a client sees nothing of it.
/// </summary>
public static class ApiErrors
{
    public static ApiFailure From(Exception ex) => ex is ModelScaleException known ? From(known) : Unexpected;

    public static ApiFailure From(ModelScaleException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return new ApiFailure(StatusOf(ex.Kind), new ApiError(ex.Message, TypeOf(ex.Kind), ex.Target, ex.Code));
    }

    /// <summary>The HTTP status of a kind of failure.</summary>
    public static int StatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.BadInput => StatusCodes.Status400BadRequest,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.Gone => StatusCodes.Status410Gone,
        ErrorKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorKind.Busy => StatusCodes.Status503ServiceUnavailable,
        ErrorKind.Unavailable => StatusCodes.Status502BadGateway,
        ErrorKind.Unusable => StatusCodes.Status500InternalServerError,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown error kind."),
    };

    /// <summary>The OpenAI error type of a kind: the client's request (4xx) or the server's side (5xx).</summary>
    public static string TypeOf(ErrorKind kind) => StatusOf(kind) < StatusCodes.Status500InternalServerError ? ApiFailure.InvalidRequest : ApiFailure.Server;

    /// <summary>Seconds a client should wait before it tries a <see cref="ErrorKind.Busy"/> request again (the Retry-After header).</summary>
    public const int RetryAfterSeconds = 1;

    /// <summary>What a client sees of a bug: nothing of its details (the log has them).</summary>
    public static ApiFailure Unexpected { get; } = new(
        StatusCodes.Status500InternalServerError,
        new ApiError("The server had an error while processing your request.", ApiFailure.Server, null, null));
}
