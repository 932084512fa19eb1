using Microsoft.AspNetCore.Http;
using ModelScale.ChatHost.Contracts;
using ModelScale.ChatHost.Engine;
using ModelScale.Profiles.Catalog;

namespace ModelScale.ChatHost.Api;

/// <summary>GET /api/profiles: the catalog, with which profiles are on disk and which are loaded.</summary>
public static class ProfilesEndpoint
{
    public static IResult Handle(ProfileCatalog catalog, ModelLocator locator, IModelEngine engine)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return Results.Json(catalog.Profiles.Select(p => View(p, locator, engine)).ToArray(), NativeJson.Options);
    }

    public static ProfileView View(ModelProfile profile, ModelLocator locator, IModelEngine engine)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(locator);
        ArgumentNullException.ThrowIfNull(engine);
        string? path = null;
        try
        {
            path = locator.ResolvePath(profile);
        }
        catch (CatalogException)
        {
            // Listed as not on disk.
        }

        var onDisk = path is not null && File.Exists(path);
        var resident = path is not null && ResidentModels.Of(engine).Any(m => m.Path == path);
        return new ProfileView(profile.Id, profile.DisplayName, profile.Family, profile.Parameters, profile.Quantization, profile.ContextLength, onDisk, resident, profile.IsRemote);
    }
}
