using Microsoft.AspNetCore.Http;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Engine.Remote;
using ModelScale.ChatHost.Sessions;
using ModelScale.Profiles.Catalog;
using ModelScale.Profiles.Gguf;

namespace ModelScale.ChatHost.Api;

/// <summary>Maps what can go wrong while answering to an HTTP status and an OpenAI-style error.</summary>
public static class ApiErrors
{
    public static ApiFailure From(Exception ex) => ex switch
    {
        ContextLengthExceededException => ApiFailure.BadRequest(ex.Message, "messages", "context_length_exceeded"),
        CatalogException => new ApiFailure(StatusCodes.Status404NotFound, new ApiError(ex.Message, ApiFailure.InvalidRequest, "model", "model_not_found")),
        ModelBusyException => new ApiFailure(StatusCodes.Status503ServiceUnavailable, new ApiError(ex.Message, ApiFailure.Server, null, "model_busy")),
        ModelLoadException or GgufFormatException => new ApiFailure(StatusCodes.Status500InternalServerError, new ApiError(ex.Message, ApiFailure.Server, "model", "model_load_failed")),
        SessionNotFoundException => new ApiFailure(StatusCodes.Status404NotFound, new ApiError(ex.Message, ApiFailure.InvalidRequest, "id", "session_not_found")),
        SessionBusyException => new ApiFailure(StatusCodes.Status409Conflict, new ApiError(ex.Message, ApiFailure.InvalidRequest, null, "session_busy")),
        SessionDeletedException => new ApiFailure(StatusCodes.Status410Gone, new ApiError(ex.Message, ApiFailure.InvalidRequest, "id", "session_deleted")),
        RemoteTierException => new ApiFailure(StatusCodes.Status502BadGateway, new ApiError(ex.Message, ApiFailure.Server, "model", "remote_tier_failed")),
        ConversationException => ApiFailure.BadRequest(ex.Message, "conversation", "invalid_conversation"),
        ArgumentException => ApiFailure.BadRequest(ex.Message),
        _ => Unexpected,
    };

    /// <summary>What a client sees of a bug: nothing of its details (the log has them).</summary>
    public static ApiFailure Unexpected { get; } = new(
        StatusCodes.Status500InternalServerError,
        new ApiError("The server had an error while processing your request.", ApiFailure.Server, null, null));

    /// <summary>Whether an exception is an expected outcome (a client's mistake or a busy model), not a bug to log.</summary>
    public static bool IsExpected(Exception ex) => From(ex) != Unexpected;
}
