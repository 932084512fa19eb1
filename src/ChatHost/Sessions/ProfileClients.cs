using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine;
using ModelScale.Profiles.Catalog;

namespace ModelScale.ChatHost.Sessions;

/// <summary>
/// The chat client for a catalog profile, for callers that name a model per request (the OpenAI-compatible API).
/// Only catalog ids are accepted, never a path, so a request cannot make the service open an arbitrary file.
/// </summary>
public sealed class ProfileClients(ProfileCatalog catalog, ModelLocator locator, ProfileLoader loader, IModelEngine engine, GenerationMonitor monitor)
{
    /// <exception cref="CatalogException">The id is not in the catalog, or its file is not on disk.</exception>
    public IChatClient For(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var profile = Find(id);
        return new LeasedChatClient(engine, loader.PrepareOnce(profile), monitor);
    }

    /// <summary>A catalog profile whose file is on disk.</summary>
    /// <exception cref="CatalogException">The id is not in the catalog, or its file is not on disk.</exception>
    public ModelProfile Find(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var profile = catalog.Get(id);
        if (!locator.IsOnDisk(profile))
        {
            throw new CatalogException($"The model '{profile.Id}' is not downloaded on this server; `modelscale pull {profile.Id}` downloads it.");
        }

        return profile;
    }
}
