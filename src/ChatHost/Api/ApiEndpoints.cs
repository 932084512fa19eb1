using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ModelScale.ChatHost.Contracts;

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
        endpoints.MapPost("/v1/responses", ResponsesEndpoint.HandleAsync)
            .Produces<ResponseObject>(StatusCodes.Status200OK)
            .Produces<ResponseLifecycleEvent>(StatusCodes.Status200OK, "text/event-stream")
            .Produces<ApiErrorBody>(StatusCodes.Status400BadRequest)
            .Produces<ApiErrorBody>(StatusCodes.Status404NotFound)
            .Produces<ApiErrorBody>(StatusCodes.Status503ServiceUnavailable)
            .WithName("CreateResponse")
            .WithSummary("OpenAI's Responses API: input items, instructions, tools, text.format, streaming events, previous_response_id.");
        endpoints.MapGet("/v1/responses/{id}", ResponsesEndpoint.Get)
            .Produces<ResponseObject>(StatusCodes.Status200OK)
            .Produces<ApiErrorBody>(StatusCodes.Status404NotFound)
            .WithName("GetResponse")
            .WithSummary("A stored response.");
        endpoints.MapDelete("/v1/responses/{id}", ResponsesEndpoint.Delete)
            .Produces<ApiErrorBody>(StatusCodes.Status404NotFound)
            .WithName("DeleteResponse")
            .WithSummary("Forgets a stored response.");
        endpoints.MapPost("/v1/completions", CompletionsEndpoint.HandleAsync)
            .Produces<TextCompletion>(StatusCodes.Status200OK)
            .Produces<TextCompletion>(StatusCodes.Status200OK, "text/event-stream")
            .Produces<ApiErrorBody>(StatusCodes.Status400BadRequest)
            .Produces<ApiErrorBody>(StatusCodes.Status404NotFound)
            .Produces<ApiErrorBody>(StatusCodes.Status503ServiceUnavailable)
            .WithName("CreateCompletion")
            .WithSummary("Continues raw text (OpenAI's legacy completions, no chat template); model is a local profile id.");
        endpoints.MapPost("/v1/embeddings", EmbeddingsEndpoint.HandleAsync)
            .Produces<ModelScale.ChatHost.Contracts.EmbeddingList>(StatusCodes.Status200OK)
            .Produces<ApiErrorBody>(StatusCodes.Status400BadRequest)
            .Produces<ApiErrorBody>(StatusCodes.Status404NotFound)
            .WithName("CreateEmbedding")
            .WithSummary("Pooled embeddings of a string or an array of strings; model is a local profile id.");
        endpoints.MapGet("/v1/models", ModelsEndpoint.Handle)
            .WithName("ListModels")
            .WithSummary("The profiles that can answer now (on disk or remote); ?all=true lists every catalog profile.");
        endpoints.MapGet("/v1/models/{id}", ModelsEndpoint.HandleOne)
            .Produces<ModelEntry>(StatusCodes.Status200OK)
            .Produces<ApiErrorBody>(StatusCodes.Status404NotFound)
            .WithName("RetrieveModel")
            .WithSummary("One profile that can answer now; 404 when it is unknown or not downloaded.");
        endpoints.MapGet("/health", HealthEndpoint.Handle)
            .WithName("Health")
            .WithSummary("Up, with the resident models and the requests waiting.");
        return endpoints;
    }

    /// <summary>Maps the native API: sessions, profiles and plans (/api/...).</summary>
    public static IEndpointRouteBuilder MapNativeApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("/api");
        api.MapPost("/sessions", SessionEndpoints.CreateAsync).WithName("CreateSession").WithSummary("Creates a session on a profile (default: the first on disk).");
        api.MapGet("/sessions", SessionEndpoints.List).WithName("ListSessions").WithSummary("Every stored session, most recent first.");
        api.MapGet("/sessions/{id}", SessionEndpoints.Get).WithName("GetSession").WithSummary("A session with its messages and profile switches.");
        api.MapDelete("/sessions/{id}", SessionEndpoints.DeleteAsync).WithName("DeleteSession");
        api.MapPost("/sessions/{id}/messages", SessionEndpoints.SendAsync).WithName("SendMessage").WithSummary("Sends a message; the answer streams as server-sent events.");
        api.MapDelete("/sessions/{id}/messages", SessionEndpoints.ResetAsync).WithName("ResetSession").WithSummary("Forgets the turns.");
        api.MapPut("/sessions/{id}/profile", SessionEndpoints.SwitchAsync).WithName("SwitchProfile").WithSummary("Switches the session's profile; the history stays.");
        api.MapPut("/sessions/{id}/title", SessionEndpoints.RenameAsync).WithName("RenameSession").WithSummary("Renames the session; a null or blank title clears it.");
        api.MapPut("/sessions/{id}/system", SessionEndpoints.SetSystemAsync).WithName("SetSystemPrompt");
        api.MapPut("/sessions/{id}/sampling", SessionEndpoints.SetSamplingAsync).WithName("SetSampling");
        api.MapPut("/sessions/{id}/conversation", SessionEndpoints.ImportAsync).WithName("ImportConversation").WithSummary("Replaces the history with a conversation file.");
        api.MapGet("/profiles", ProfilesEndpoint.Handle).WithName("ListProfiles");
        api.MapGet("/plan/{profile}", PlanEndpoint.Handle).WithName("GetPlan").WithSummary("The memory plan for a catalog profile on this server.");
        api.MapPost("/replay", ReplayEndpoint.HandleAsync).WithName("Replay").WithSummary("Plays a conversation on catalog profiles and returns the replay report (JSON).");
        return endpoints;
    }
}
