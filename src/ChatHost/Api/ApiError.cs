using Microsoft.AspNetCore.Http;
using ModelScale.ChatHost.Contracts;

namespace ModelScale.ChatHost.Api;

/// <summary>An HTTP status with the error it carries.</summary>
public sealed record ApiFailure(int Status, ApiError Error)
{
    public const string InvalidRequest = "invalid_request_error";
    public const string Authentication = "authentication_error";
    public const string Server = "server_error";

    public static ApiFailure BadRequest(string message, string? param = null, string? code = null) =>
        new(StatusCodes.Status400BadRequest, new ApiError(message, InvalidRequest, param, code));

    public IResult ToResult() => Results.Json(new ApiErrorBody(Error), OpenAiJson.Options, statusCode: Status);
}
