using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ModelScale.ChatHost.Contracts.Ollama;

namespace ModelScale.ChatHost.Api.Ollama;

public static class OllamaEndpoints
{
    /// <summary>
    /// Maps Ollama's API on serve's port: /api/chat, /api/generate, /api/embed (and the older /api/embeddings), /api/tags, /api/show, /api/ps,
    /// /api/version and /api/pull; Ollama's create, copy, delete, push and blobs are refused by name. None of these paths is one of the native API's (/api/sessions, /api/profiles,
    /// /api/plan, /api/replay), and they pass through the same key, Host and Origin checks. Every error they answer is
    /// Ollama's shape, <c>{"error":"..."}</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapOllamaApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("/api").AddEndpointFilter<OllamaErrorFilter>().WithTags("Ollama");
        api.MapPost("/chat", OllamaChatEndpoint.HandleAsync)
            .Produces<OllamaChatResponse>(StatusCodes.Status200OK, OllamaJson.NdJson)
            .Produces<OllamaError>(StatusCodes.Status400BadRequest)
            .Produces<OllamaError>(StatusCodes.Status404NotFound)
            .WithName("OllamaChat")
            .WithSummary("Ollama's chat: NDJSON lines unless stream is false; format, tools, options, keep_alive.");
        api.MapPost("/generate", OllamaGenerateEndpoint.HandleAsync)
            .Produces<OllamaGenerateResponse>(StatusCodes.Status200OK, OllamaJson.NdJson)
            .Produces<OllamaError>(StatusCodes.Status400BadRequest)
            .Produces<OllamaError>(StatusCodes.Status404NotFound)
            .WithName("OllamaGenerate")
            .WithSummary("Ollama's generate: a prompt through the model's chat template.");
        api.MapPost("/embed", OllamaEmbedEndpoint.HandleAsync)
            .Produces<OllamaEmbedResponse>(StatusCodes.Status200OK)
            .Produces<OllamaError>(StatusCodes.Status400BadRequest)
            .WithName("OllamaEmbed")
            .WithSummary("Ollama's embeddings of a string or an array of strings.");
        api.MapPost("/embeddings", OllamaEmbedEndpoint.HandleLegacyAsync)
            .Produces<OllamaLegacyEmbedResponse>(StatusCodes.Status200OK)
            .Produces<OllamaError>(StatusCodes.Status400BadRequest)
            .WithName("OllamaEmbeddings")
            .WithSummary("Ollama's older embeddings route: one prompt, one vector.");
        api.MapGet("/tags", OllamaModelEndpoints.Tags)
            .Produces<OllamaModelList>(StatusCodes.Status200OK)
            .WithName("OllamaTags")
            .WithSummary("The models on disk, with their GGUF details.");
        api.MapPost("/show", OllamaModelEndpoints.ShowAsync)
            .Produces<OllamaShowResponse>(StatusCodes.Status200OK)
            .Produces<OllamaError>(StatusCodes.Status404NotFound)
            .WithName("OllamaShow")
            .WithSummary("One model: template, parameters, GGUF metadata and capabilities.");
        api.MapGet("/ps", OllamaModelEndpoints.Running)
            .Produces<OllamaRunningList>(StatusCodes.Status200OK)
            .WithName("OllamaPs")
            .WithSummary("The models in memory, their size and when they expire.");
        api.MapGet("/version", OllamaModelEndpoints.Version)
            .Produces<OllamaVersion>(StatusCodes.Status200OK)
            .WithName("OllamaVersion");
        api.MapPost("/pull", OllamaPullEndpoint.HandleAsync)
            .Produces<OllamaProgress>(StatusCodes.Status200OK, OllamaJson.NdJson)
            .Produces<OllamaError>(StatusCodes.Status404NotFound)
            .WithName("OllamaPull")
            .WithSummary("Downloads a catalog profile's file, with progress lines.");
        api.MapOllamaModelManagement();
        return endpoints;
    }
}
