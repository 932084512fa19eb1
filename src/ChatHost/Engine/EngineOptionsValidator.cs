using Microsoft.Extensions.Options;

namespace ModelScale.ChatHost.Engine;

/// <summary>
/// Checks <see cref="EngineOptions"/> when a host starts, not when a model first loads; each failure is one sentence.
/// (Hand-written: the source-generated validator's Range ignores its ErrorMessage and names the property instead.)
/// </summary>
public sealed class EngineOptionsValidator : IValidateOptions<EngineOptions>
{
    public ValidateOptionsResult Validate(string? name, EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Require(options.MaxGpuLayers is null or >= 0, "The number of GPU layers cannot be negative.");
        Require(options.Threads is null or >= 1, "The number of threads must be at least 1.");
        Require(options.BatchSize >= 1, "The batch size must be at least 1 token.");
        Require(options.ContextLength is null || options.ContextLength >= EngineOptions.MinimumContextLength, $"The context length must be at least {EngineOptions.MinimumContextLength} tokens.");
        Require(
            options.Parallel is >= EngineOptions.AutoParallel and <= EngineOptions.MostParallel,
            $"The number of sequences decoded together must be from 1 to {EngineOptions.MostParallel}, or {EngineOptions.AutoParallel} for automatic.");
        Require(options.MarginBytes >= 0, "The memory kept free on each GPU cannot be negative.");
        Require(options.MaxResident >= 1, "At least one model must be allowed to stay loaded.");
        Require(options.KeepAlive is null || options.KeepAlive >= TimeSpan.Zero, "How long an unused model stays loaded cannot be negative.");
        Require(options.QueueLength >= 0, "The queue length cannot be negative.");
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
