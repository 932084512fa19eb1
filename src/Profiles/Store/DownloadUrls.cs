using ModelScale.Profiles.Catalog;

namespace ModelScale.Profiles.Store;

/// <summary>
/// Where a profile's file is downloaded from: a Hugging Face repository and file map to
/// <c>{endpoint}/{repo}/resolve/main/{file}</c>, with the endpoint from MODELSCALE_HF_ENDPOINT (for mirrors and tests);
/// any other declared URL is used as given.
/// </summary>
public static class DownloadUrls
{
    /// <summary>Replaces https://huggingface.co for Hugging Face sources.</summary>
    public const string HuggingFaceEndpointVariable = "MODELSCALE_HF_ENDPOINT";

    public static Uri DefaultHuggingFaceEndpoint { get; } = new("https://huggingface.co");

    /// <summary>The Hugging Face endpoint from the environment, or the default.</summary>
    /// <exception cref="PullException">The variable is set to something other than an http or https URL.</exception>
    public static Uri HuggingFaceEndpoint(IPlatformEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var value = env.GetEnvironmentVariable(HuggingFaceEndpointVariable);
        if (string.IsNullOrWhiteSpace(value))
        {
            return DefaultHuggingFaceEndpoint;
        }

        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
        {
            throw new PullException($"{HuggingFaceEndpointVariable} must be an http or https URL such as {DefaultHuggingFaceEndpoint}, but it is '{value}'.");
        }

        return endpoint;
    }

    /// <summary>The URL to download a source from, or null when it declares none.</summary>
    public static Uri? For(ModelSource? source, Uri huggingFaceEndpoint)
    {
        ArgumentNullException.ThrowIfNull(huggingFaceEndpoint);
        if (source is null)
        {
            return null;
        }

        var onHuggingFace = source is { HuggingFaceRepo: { Length: > 0 } repo, File: { Length: > 0 } file }
            ? (Canonical: ProfileReader.HuggingFaceUrl(repo, file), Mapped: HuggingFace(huggingFaceEndpoint, repo, file))
            : default;

        // The catalog may spell out the canonical Hugging Face URL; that still follows the endpoint. Any other URL is as given.
        if (source.Url is { } url && url != onHuggingFace.Canonical)
        {
            return url;
        }

        return onHuggingFace.Mapped ?? source.Url;
    }

    private static Uri HuggingFace(Uri endpoint, string repo, string file)
        => new($"{endpoint.AbsoluteUri.TrimEnd('/')}/{repo}/resolve/main/{file.Replace('\\', '/')}");
}
