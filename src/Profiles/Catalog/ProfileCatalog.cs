namespace ModelScale.Profiles.Catalog;

/// <summary>The merged profiles of every catalog layer, in catalog order.</summary>
public sealed class ProfileCatalog
{
    private readonly Dictionary<string, ModelProfile> _byId;

    public ProfileCatalog(IEnumerable<ModelProfile> profiles, IEnumerable<string> sources)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        ArgumentNullException.ThrowIfNull(sources);

        Profiles = [.. profiles];
        Sources = [.. sources];
        _byId = new Dictionary<string, ModelProfile>(StringComparer.OrdinalIgnoreCase);
        foreach (var profile in Profiles)
        {
            if (!_byId.TryAdd(profile.Id, profile))
            {
                throw new ArgumentException($"The profile id '{profile.Id}' appears more than once.", nameof(profiles));
            }
        }
    }

    public static ProfileCatalog Empty { get; } = new([], []);

    /// <summary>The profiles in catalog order: a replaced profile keeps the place of the one it replaced.</summary>
    public IReadOnlyList<ModelProfile> Profiles { get; }

    /// <summary>The catalog files actually read, in order.</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>The profile ids in catalog order.</summary>
    public IReadOnlyList<string> Ids => [.. Profiles.Select(p => p.Id)];

    /// <summary>Looks a profile up by id (ignoring case, since ids are lowercase).</summary>
    /// <exception cref="CatalogException">No profile has the id; the message lists the valid ids.</exception>
    public ModelProfile Get(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (TryGet(id, out var profile))
        {
            return profile;
        }

        throw new CatalogException(UnknownIdMessage(id));
    }

    public bool TryGet(string id, out ModelProfile profile)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (_byId.TryGetValue(id.Trim(), out var found))
        {
            profile = found;
            return true;
        }

        profile = null!;
        return false;
    }

    internal string UnknownIdMessage(string id)
    {
        if (Profiles.Count == 0)
        {
            return $"Unknown profile '{id}': the catalog has no profiles.";
        }

        var ids = Ids;
        var valid = string.Join(", ", ids);
        var suggestion = ProfileIds.Suggest(id, ids);
        return suggestion is null
            ? $"Unknown profile '{id}'. Valid ids: {valid}."
            : $"Unknown profile '{id}' (did you mean '{suggestion}'?). Valid ids: {valid}.";
    }
}
