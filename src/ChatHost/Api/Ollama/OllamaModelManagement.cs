using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ModelScale.ChatHost.Contracts.Ollama;

namespace ModelScale.ChatHost.Api.Ollama;

/// <summary>
/// Ollama's model-management routes that ModelScale does not have (create, copy, delete, push, blobs): a model here is
/// a profile of models.json, not an Ollama manifest, so each is refused with a 404 in Ollama's shape, naming the route
/// and saying what to do instead, rather than the generic "no such route" answer an Ollama client could not explain.
/// </summary>
public static class OllamaModelManagement
{
    private const string Catalog = "a model here is a profile in models.json (a local GGUF path or a download URL), served under its id";

    public static RouteGroupBuilder MapOllamaModelManagement(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        Refuse(api.MapPost("/create", () => Refusal($"ModelScale does not create models (/api/create): {Catalog}; add a profile there instead.")));
        Refuse(api.MapPost("/copy", () => Refusal($"ModelScale does not copy models (/api/copy): {Catalog}; a second profile with the same file serves it under another name.")));
        Refuse(api.MapDelete("/delete", () => Refusal($"ModelScale does not delete models over HTTP (/api/delete): {Catalog}; `modelscale inspect ID` shows its file, which you can remove yourself.")));
        Refuse(api.MapPost("/push", () => Refusal("ModelScale does not push models to a registry (/api/push): it serves local GGUF files and downloads only from the catalog's URLs.")));
        Refuse(api.MapMethods("/blobs/{digest}", [HttpMethods.Head, HttpMethods.Post], () => Refusal($"ModelScale does not take model blobs (/api/blobs): {Catalog}; put the GGUF file on this machine and name its path in a profile.")));
        return api;
    }

    private static void Refuse(RouteHandlerBuilder route) =>
        route.Produces<OllamaError>(StatusCodes.Status404NotFound).ExcludeFromDescription();

    private static IResult Refusal(string message) => new OllamaFailure(StatusCodes.Status404NotFound, message).ToResult();
}
