using Microsoft.AspNetCore.Http;
using ModelScale.ChatHost.Contracts.Ollama;

namespace ModelScale.ChatHost.Api.Ollama;

/// <summary>An HTTP status with the sentence Ollama's error body carries: <c>{"error":"..."}</c>.</summary>
public sealed record OllamaFailure(int Status, string Message)
{
    public static OllamaFailure BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);

    /// <summary>The same failure as the OpenAI-style checks shared with /v1 describe it.</summary>
    public static OllamaFailure From(ApiFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return new(failure.Status, failure.Error.Message);
    }

    /// <summary>Ollama's answer to a model it does not have.</summary>
    public static OllamaFailure ModelNotFound(string name) =>
        new(StatusCodes.Status404NotFound, $"model '{name}' not found; GET /api/tags lists the models on disk, and /api/pull downloads a catalog profile.");

    public IResult ToResult() => Results.Json(new OllamaError(Message), OllamaJson.Options, statusCode: Status);
}
