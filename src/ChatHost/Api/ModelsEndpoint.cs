using Microsoft.AspNetCore.Http;
using ModelScale.ChatHost.Contracts;
using ModelScale.Profiles.Catalog;

namespace ModelScale.ChatHost.Api;

/// <summary>GET /v1/models: every catalog profile, OpenAI-shaped, with whether its file is on this server.</summary>
public static class ModelsEndpoint
{
    public static IResult Handle(ProfileCatalog catalog, ModelLocator locator)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(locator);
        var models = catalog.Profiles.Select(p => new ModelEntry(p.Id, 0, "modelscale", p.DisplayName, p.Family, p.Quantization, p.Parameters, p.ContextLength, OnDisk(locator, p)));
        return Results.Json(new ModelList([.. models]), OpenAiJson.Options);
    }

    private static bool OnDisk(ModelLocator locator, ModelProfile profile)
    {
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
public sealed record ModelEntry(string Id, long Created, string OwnedBy, string DisplayName, string Family, string Quantization, long? Parameters, int ContextLength, bool OnDisk)
{
    public string Object => "model";
}
