using Microsoft.AspNetCore.Cors.Infrastructure;

namespace ModelScale.ChatHost.Api;

/// <summary>
/// The web origins of --cors-origins: each scheme://host[:port] (http or https, no path), or `*` for any origin. `*`
/// is served only with an API key or on loopback addresses (without a key the service listens on loopback only).
/// </summary>
public static class CorsOrigins
{
    public const string Any = "*";

    /// <summary>The header a response carries its sampling seed in; pages may read it.</summary>
    private static readonly string[] ExposedHeaders = [ChatCompletionsEndpoint.SeedHeader, "Retry-After"];

    /// <summary>The origins in <paramref name="text"/> (separated by ';' or ','), or the one sentence saying what is wrong.</summary>
    public static (IReadOnlyList<string> Origins, string? Error) Parse(string? text)
    {
        var origins = new List<string>();
        foreach (var item in (text ?? string.Empty).Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Check(item) is { } error)
            {
                return ([], error);
            }

            origins.Add(item == Any ? Any : item.TrimEnd('/'));
        }

        return (origins, null);
    }

    /// <summary>Null when <paramref name="origin"/> is `*` or a web origin; else why not, in one sentence.</summary>
    public static string? Check(string origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        if (origin == Any)
        {
            return null;
        }

        var trimmed = origin.TrimEnd('/');
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0
            || trimmed.Contains('*', StringComparison.Ordinal))
        {
            return $"--cors-origins: '{origin}' is not a web origin; write it as scheme://host[:port], like http://localhost:3000, or * for any origin.";
        }

        return null;
    }

    /// <summary>The CORS policy for the origins: any method and request header, no credentials (clients send keys as headers).</summary>
    public static void Configure(CorsPolicyBuilder builder, IReadOnlyCollection<string> origins)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(origins);
        builder.AllowAnyMethod().AllowAnyHeader().WithExposedHeaders(ExposedHeaders)
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10));
        if (origins.Contains(Any))
        {
            builder.AllowAnyOrigin();
        }
        else
        {
            builder.WithOrigins([.. origins.Select(o => o.TrimEnd('/'))]);
        }
    }
}
