namespace ModelScale.ChatHost.Api.Ollama;

/// <summary>
/// Model names as Ollama clients write them: a profile id, or the id with the tag ":latest" (the only tag a profile
/// has). Any other tag names a model this server does not have.
/// </summary>
public static class OllamaNames
{
    public const string LatestTag = ":latest";

    /// <summary>The profile id a name means, or null when its tag is not ":latest".</summary>
    public static string? ProfileId(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var trimmed = name.Trim();
        var colon = trimmed.LastIndexOf(':');
        if (colon < 0)
        {
            return trimmed;
        }

        return trimmed[colon..] == LatestTag ? trimmed[..colon] : null;
    }

    /// <summary>The name Ollama lists a profile under: "id:latest".</summary>
    public static string Of(string profileId) => profileId + LatestTag;
}
