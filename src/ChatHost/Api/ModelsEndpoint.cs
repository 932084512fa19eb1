using Microsoft.AspNetCore.Http;
using ModelScale.ChatHost.Contracts;
using ModelScale.Profiles.Catalog;

namespace ModelScale.ChatHost.Api;

/// <summary>
/// GET /v1/models: the profiles that can answer now (on disk, or a remote tier), OpenAI-shaped; <c>?all=true</c> lists
/// every catalog profile, with on_disk saying which are here. GET /v1/models/{id}: one that can answer, else a 404.
/// </summary>
public static class ModelsEndpoint
{
    public static IResult Handle(ProfileCatalog catalog, ModelLocator locator, bool? all = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(locator);
        var models = catalog.Profiles
            .Select(p => Entry(locator, p))
            .Where(m => all == true || m.Available);
        return Results.Json(new ModelList([.. models]), OpenAiJson.Options);
    }

    public static IResult HandleOne(string id, ProfileCatalog catalog, ModelLocator locator)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(locator);
        var profile = catalog.Profiles.FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.Ordinal));
        if (profile is null)
        {
            return NotFound($"The model '{id}' does not exist; GET /v1/models lists the models this server answers with.");
        }

        var entry = Entry(locator, profile);
        return entry.Available
            ? Results.Json(entry, OpenAiJson.Options)
            : NotFound($"The model '{profile.Id}' is not downloaded on this server; `modelscale pull {profile.Id}` downloads it.");
    }

    private static IResult NotFound(string message) =>
        new ApiFailure(StatusCodes.Status404NotFound, new ApiError(message, ApiFailure.InvalidRequest, "model", "model_not_found")).ToResult();

    private static ModelEntry Entry(ModelLocator locator, ModelProfile p) =>
        new(p.Id, 0, "modelscale", p.DisplayName, p.Family, p.Quantization, p.Parameters, p.ContextLength, OnDisk(locator, p), p.IsRemote);

    private static bool OnDisk(ModelLocator locator, ModelProfile profile)
    {
        if (profile.IsRemote)
        {
            return false;
        }

        try
        {
            return locator.IsOnDisk(profile);
        }
        catch (CatalogException)
        {
            return false;
        }
    }
}

public sealed record ModelList(IReadOnlyList<ModelEntry> Data)
{
    public string Object => "list";
}

/// <summary>A model as OpenAI lists one, plus what ModelScale knows about it.</summary>
public sealed record ModelEntry(string Id, long Created, string OwnedBy, string DisplayName, string Family, string Quantization, long? Parameters, int ContextLength, bool OnDisk, bool Remote = false)
{
    public string Object => "model";

    /// <summary>Whether a request naming it can be answered now: its file is here, or it is a remote tier.</summary>
    public bool Available => OnDisk || Remote;
}
