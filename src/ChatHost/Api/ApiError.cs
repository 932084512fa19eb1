using Microsoft.AspNetCore.Http;
using System.Text.Json;
using System.Text.Json.Serialization;
using ModelScale.ChatHost.Contracts;

namespace ModelScale.ChatHost.Api;

/// <summary>An OpenAI-style error body: <c>{"error":{"message","type","param","code"}}</c>.</summary>
public sealed record ApiErrorBody(ApiError Error)
{
    /// <summary>The message of an error body a service answered with; null when the text is not one.</summary>
    public static string? MessageOf(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.GetProperty("error").GetProperty("message").GetString();
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }
}

/// <summary>One error, as the OpenAI API shapes it; param and code are null when they do not apply.</summary>
public sealed record ApiError(
    string Message,
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Param,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Code);

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
