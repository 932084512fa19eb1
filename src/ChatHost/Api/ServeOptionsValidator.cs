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
