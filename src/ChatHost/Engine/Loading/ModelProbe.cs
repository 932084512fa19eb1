using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ModelScale.ChatHost.Engine.Loading;

/// <summary>
/// Before a long-running process first loads a model file, loads it once in a child process (`modelscale probe`),
/// because a header reader can never know every assert in native code: a file that kills llama.cpp then kills only
/// the child, and this process refuses the file with the child's reason. The verdict is remembered by file identity,
/// so each file is probed once.
/// </summary>
public sealed partial class ModelProbe(ModelProbeVerdicts verdicts, TimeProvider time, ILogger<ModelProbe> logger)
{
    /// <summary>A big model on a slow disk takes a while to map and decode once on the CPU.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>How a child is run; tests replace it.</summary>
    internal Func<string, TimeSpan, CancellationToken, Task<ProbeOutcome>> RunChild { get; init; } = ModelProbeProcess.RunAsync;

    /// <summary>Returns when the file is known (or now found) to load; throws when it is refused.</summary>
    /// <exception cref="ModelLoadException">The probe child died or refused the file; the message says why.</exception>
    public async Task EnsureLoadableAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var identity = Identify(path);
        if (Known(identity))
        {
            return;
        }

        var gate = _gates.GetOrAdd(identity.Path, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (Known(identity))
            {
                return;
            }

            LogProbing(logger, identity.Path);
            var outcome = await RunChild(identity.Path, Timeout, cancellationToken);
            if (outcome.End == ProbeEnd.TimedOut)
            {
                // Nothing learned: neither refused nor remembered; the load goes ahead as it did before probes.
                LogTimedOut(logger, identity.Path, Timeout.TotalSeconds);
                return;
            }

            var passed = outcome.End == ProbeEnd.Passed;
            verdicts.Remember(new ModelProbeVerdict(identity, passed, outcome.Reason, time.GetUtcNow()));
            if (!passed)
            {
                throw Refusal(outcome.Reason);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private bool Known(ModelFileIdentity identity)
    {
        var verdict = verdicts.Find(identity);
        return verdict is null ? false : verdict.Passed ? true : throw Refusal(verdict.Reason);
    }

    private static ModelLoadException Refusal(string? reason) =>
        new($"{(reason ?? "the model file failed its probe").TrimEnd('.')}; this file is refused (a probe in a child process loads each file once before it is used).");

    private static ModelFileIdentity Identify(string path)
    {
        try
        {
            return ModelFileIdentity.Of(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelLoadException($"'{path}' could not be read: {ex.Message}", ex);
        }
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Probing {Path} in a child process before its first load")]
    private static partial void LogProbing(ILogger logger, string path);

    [LoggerMessage(EventId = 401, Level = LogLevel.Warning, Message = "The probe of {Path} did not finish within {Seconds} s; loading it without a verdict")]
    private static partial void LogTimedOut(ILogger logger, string path, double seconds);
}
