using Microsoft.Extensions.Options;

namespace ModelScale.ChatHost.Api;

/// <summary>Checks <see cref="ServeOptions"/> before the service is built; each failure is one sentence.</summary>
public sealed class ServeOptionsValidator : IValidateOptions<ServeOptions>
{
    public ValidateOptionsResult Validate(string? name, ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Require(!string.IsNullOrWhiteSpace(options.Urls), "The service needs at least one address to listen on.");
        Require(options.MaxRequestBodyBytes >= 1, "The largest request body must be at least 1 byte.");
        Require(options.MaxTokensLimit >= 1, "The max_tokens limit must be at least 1.");
        Require(options.ShutdownTimeout >= TimeSpan.Zero, "The shutdown timeout cannot be negative.");
        foreach (var origin in options.CorsOrigins)
        {
            if (CorsOrigins.Check(origin) is { } error)
            {
                failures.Add(error);
            }
        }

        Require(
            !options.CorsOrigins.Contains(CorsOrigins.Any) || options.ApiKey is not null || BindAddresses.Check(options.Urls, hasApiKey: false).Error is null,
            "--cors-origins '*' lets every web page call the API; it is allowed only with --api-key or on loopback addresses.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Require(bool ok, string failure)
        {
            if (!ok)
            {
                failures.Add(failure);
            }
        }
    }
}
