using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Engine.Remote;
using ModelScale.Profiles.Catalog;

namespace ModelScale.ChatHost.Sessions;

/// <summary>
/// The chat client for a catalog profile, for callers that name a model per request (the OpenAI-compatible API).
/// Only catalog ids are accepted, never a path, so a request cannot make the service open an arbitrary file.
/// </summary>
public sealed class ProfileClients(ProfileCatalog catalog, ModelLocator locator, ProfileLoader loader, IModelEngine engine, GenerationMonitor monitor, RemoteClientFactory remotes)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IChatClient> _remote = new(StringComparer.Ordinal);

    /// <exception cref="CatalogException">The id is not in the catalog, or its file is not on disk.</exception>
    public async Task<IChatClient> ForAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var profile = Find(id);
        return profile.IsRemote
            ? _remote.GetOrAdd(profile.Id, _ => remotes.Create(profile))
            : new LeasedChatClient(engine, await loader.PrepareOnceAsync(profile, cancellationToken), monitor);
    }

    /// <summary>A catalog profile whose file is on disk, or a remote tier (its answers are proxied).</summary>
    /// <exception cref="CatalogException">The id is not in the catalog, or its file is not on disk.</exception>
    public ModelProfile Find(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var profile = catalog.Get(id);
        if (!profile.IsRemote && !locator.IsOnDisk(profile))
        {
            throw new CatalogException($"The model '{profile.Id}' is not downloaded on this server; `modelscale pull {profile.Id}` downloads it.");
        }

        return profile;
    }
}
