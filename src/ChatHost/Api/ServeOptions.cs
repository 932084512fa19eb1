namespace ModelScale.ChatHost.Api;

/// <summary>How `modelscale serve` runs: where it listens, who may call it, and its limits.</summary>
public sealed class ServeOptions
{
    public const string DefaultUrl = "http://127.0.0.1:11435";

    /// <summary>Overrides the folder of the session database (--data-dir beats it).</summary>
    public const string DataDirectoryVariable = "MODELSCALE_DATA_DIR";

    /// <summary>Addresses to listen on, separated by ';' (Kestrel's --urls).</summary>
    public string Urls { get; set; } = DefaultUrl;

    /// <summary>The key clients must send (Authorization: Bearer KEY); null lets any local client in.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Largest request body accepted.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1L << 20;

    /// <summary>Largest max_tokens a request may ask for; also what a request without one gets.</summary>
    public int MaxTokensLimit { get; set; } = DefaultMaxTokensLimit;

    /// <summary>The max_tokens limit when none is given.</summary>
    public const int DefaultMaxTokensLimit = 4096;

    /// <summary>How long a stopping service waits for requests to end (their generations are cancelled at once).</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Host names served without a key besides localhost and loopback addresses (--allowed-hosts).</summary>
    public IReadOnlyList<string> AllowedHosts { get; set; } = [];

    /// <summary>Web origins (scheme://host:port) whose pages may call the API; a page of any other origin is refused.</summary>
    public IReadOnlyList<string> CorsOrigins { get; set; } = [];

    /// <summary>The folder of the session database; null is the per-user data folder.</summary>
    public string? DataDirectory { get; set; }
}
