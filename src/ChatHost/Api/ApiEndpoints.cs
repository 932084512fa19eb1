using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ModelScale.ChatHost.Api;

public static class ApiEndpoints
{
    /// <summary>Maps the OpenAI-compatible endpoints (/v1/...) and /health.</summary>
    public static IEndpointRouteBuilder MapOpenAiCompatible(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost("/v1/chat/completions", ChatCompletionsEndpoint.HandleAsync)
            .Produces<ChatCompletion>(StatusCodes.Status200OK)
            .Produces<ChatCompletionChunk>(StatusCodes.Status200OK, "text/event-stream")
            .Produces<ApiErrorBody>(StatusCodes.Status400BadRequest)
            .Produces<ApiErrorBody>(StatusCodes.Status404NotFound)
            .Produces<ApiErrorBody>(StatusCodes.Status503ServiceUnavailable)
            .WithName("CreateChatCompletion")
            .WithSummary("Answers a conversation, OpenAI-style; model is a profile id.");
        endpoints.MapGet("/v1/models", ModelsEndpoint.Handle)
            .WithName("ListModels")
            .WithSummary("The catalog's profiles and whether each is on disk.");
        endpoints.MapGet("/health", HealthEndpoint.Handle)
            .WithName("Health")
            .WithSummary("Up, with the resident models and the requests waiting.");
        return endpoints;
    }
}
