using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using ModelScale.ChatHost.Sessions.Store;
using ModelScale.Profiles.Catalog;

namespace ModelScale.ChatHost.Sessions;

/// <summary>
/// The service's sessions: stored in SQLite, and brought into memory (history restored, profile loaded) when a
/// request needs one. A session answers one message at a time; profiles are catalog ids only, never paths.
/// </summary>
public sealed class SessionHub(
    SessionStore store,
    ProfileClients profiles,
    ProfileCatalog catalog,
    ModelLocator locator,
    IServiceProvider services,
    SessionLimits? limits = null) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Live> _live = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _hydrate = new(1, 1);

    /// <summary>How long a request waits for a busy session before it is told so (409).</summary>
    private static readonly TimeSpan BusyPatience = TimeSpan.FromSeconds(1);

    /// <summary>How long a request waits for a session whose holder's client has gone away (the answer stops at its next token).</summary>
    private static readonly TimeSpan AbandonedHolderGrace = TimeSpan.FromSeconds(30);

    public SessionStore Store => store;

    /// <summary>Creates a session on <paramref name="profile"/>, or on the first catalog profile on disk.</summary>
    /// <exception cref="CatalogException">The profile is unknown or not on disk, or no profile is on disk.</exception>
    public StoredSession Create(string? title, string? profile, string? systemPrompt, SamplingSettings sampling)
    {
        var id = profile is null ? FirstOnDisk() : profiles.Find(profile).Id;
        return store.Create(title, id, string.IsNullOrWhiteSpace(systemPrompt) ? null : systemPrompt, sampling.ToStored());
    }

    public IReadOnlyList<StoredSession> List() => store.List();

    /// <exception cref="SessionNotFoundException">No such session.</exception>
    public StoredSession Get(string id) => store.Get(id) ?? throw new SessionNotFoundException(id);

    /// <summary>Renames a stored session; a blank title clears it.</summary>
    /// <exception cref="SessionNotFoundException">No such session.</exception>
    public StoredSession Rename(string id, string? title)
    {
        if (!store.Rename(id, string.IsNullOrWhiteSpace(title) ? null : title.Trim()))
        {
            throw new SessionNotFoundException(id);
        }

        return Get(id);
    }

    /// <summary>
    /// Deletes a stored session. An answer under way is stopped and dropped (its request ends with
    /// <see cref="SessionDeletedException"/>), and nothing of it is stored afterwards.
    /// </summary>
    /// <exception cref="SessionNotFoundException">No such session.</exception>
    public async Task DeleteAsync(string id)
    {
        if (_live.TryRemove(id, out var live))
        {
            live.Session.MarkDeleted();
            await live.Deleted.CancelAsync();

            // The answering request lets go at its next token; the session is disposed once nobody holds it.
            if (await live.Busy.WaitAsync(TimeSpan.FromSeconds(30)))
            {
                live.Busy.Release();
                await live.Session.DisposeAsync();
            }
        }

        if (!store.Delete(id))
        {
            throw new SessionNotFoundException(id);
        }
    }

    /// <summary>
    /// Holds the session for one request (one at a time per session): restored from the store and on its profile.
    /// Dispose the lease to let the next request in.
    /// </summary>
    /// <exception cref="SessionNotFoundException">No such session.</exception>
    /// <exception cref="SessionBusyException">Another request holds it.</exception>
    public async Task<SessionLease> AcquireAsync(string id, CancellationToken cancellationToken = default) =>
        (await AcquireLoadingAsync(id, cancellationToken)).Lease;

    /// <summary>
    /// Switches the session to a catalog profile; the history stays. When taking the session loaded its stored profile
    /// and that is the one asked for, that load is what the switch did (a second switch would call it "already in
    /// memory", and a client would never see the plan it was loaded with).
    /// </summary>
    public async Task<ProfileSwitch> SwitchAsync(string id, string profile, CancellationToken cancellationToken = default)
    {
        var target = profiles.Find(profile).Id;
        var (lease, loaded) = await AcquireLoadingAsync(id, cancellationToken);
        await using (lease)
        {
            return loaded is not null && loaded.Profile.Id == target ? loaded : await lease.Session.SwitchToAsync(target, cancellationToken);
        }
    }

    private async Task<(SessionLease Lease, ProfileSwitch? Loaded)> AcquireLoadingAsync(string id, CancellationToken cancellationToken)
    {
        var live = await GetLiveAsync(id, cancellationToken);
        if (!await live.Busy.WaitAsync(0, cancellationToken))
        {
            // A holder whose client went away lets go at its next token; a client that reconnects at once waits for
            // that instead of getting 409 (the server may learn of the disconnect a moment after the new request
            // arrives, hence the short wait first). A holder that is still wanted makes this request busy.
            if (!await live.Busy.WaitAsync(BusyPatience, cancellationToken)
                && !(live.Holder.IsCancellationRequested && await live.Busy.WaitAsync(AbandonedHolderGrace, cancellationToken)))
            {
                throw new SessionBusyException(id);
            }
        }

        live.Holder = cancellationToken;

        try
        {
            ProfileSwitch? loaded = null;
            if (live.Session.Profile is null && store.Get(id)?.Profile is { } profile)
            {
                // Loads the stored profile's model; a catalog id only (validated again: the catalog may have changed).
                loaded = await live.Session.LoadStoredProfileAsync(profiles.Find(profile).Id, cancellationToken);
            }

            return (new SessionLease(live.Session, live.Busy, live.Deleted.Token), loaded);
        }
        catch
        {
            live.Busy.Release();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var live in _live.Values)
        {
            await live.Session.DisposeAsync();
        }

        _live.Clear();
        _hydrate.Dispose();
    }

    private async Task<Live> GetLiveAsync(string id, CancellationToken cancellationToken)
    {
        if (_live.TryGetValue(id, out var live))
        {
            return live;
        }

        await _hydrate.WaitAsync(cancellationToken);
        try
        {
            if (_live.TryGetValue(id, out live))
            {
                return live;
            }

            var stored = store.Get(id) ?? throw new SessionNotFoundException(id);
            var local = ActivatorUtilities.CreateInstance<LocalChatSession>(services);
            local.Limits = limits ?? new SessionLimits();
            local.Restore(
                store.Messages(id).Select(m => new SessionMessage(new ChatRole(m.Role), m.Content, m.Profile, m.Stats, m.Incomplete)),
                stored.SystemPrompt,
                stored.Sampling.ToSettings());
            live = new Live(new PersistentChatSession(id, local, store), new SemaphoreSlim(1, 1), new CancellationTokenSource());
            _live[id] = live;
            return live;
        }
        finally
        {
            _hydrate.Release();
        }
    }

    private string FirstOnDisk()
    {
        foreach (var profile in catalog.Profiles)
        {
            try
            {
                if (locator.IsOnDisk(profile))
                {
                    return profile.Id;
                }
            }
            catch (CatalogException)
            {
                // Nowhere to look for this one.
            }
        }

        throw new CatalogException("No profile is on disk on this server; `modelscale pull ID` downloads one.");
    }

    private sealed record Live(PersistentChatSession Session, SemaphoreSlim Busy, CancellationTokenSource Deleted)
    {
        /// <summary>The cancellation of the request that holds the session now (or held it last).</summary>
        public CancellationToken Holder { get; set; }
    }
}

/// <summary>A session held for one request.</summary>
public sealed class SessionLease(PersistentChatSession session, SemaphoreSlim busy, CancellationToken deleted = default) : IAsyncDisposable
{
    private int _released;

    public PersistentChatSession Session => session;

    /// <summary>Cancelled when the session is deleted: an answer under way stops.</summary>
    public CancellationToken Deleted => deleted;

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            busy.Release();
        }

        return ValueTask.CompletedTask;
    }
}
