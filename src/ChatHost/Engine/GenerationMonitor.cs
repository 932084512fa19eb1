using System.Diagnostics.Metrics;

namespace ModelScale.ChatHost.Engine;

/// <summary>How one generation ended: the profile, the outcome (stop, length, cancelled, busy, error) and its stats.</summary>
public sealed record GenerationFinished(string ProfileId, string Outcome, AnswerStats? Stats, long Timestamp);

/// <summary>
/// Counts what the engine does for requests (System.Diagnostics.Metrics, meter "ModelScale"): requests by outcome,
/// prompt and completion tokens, the time to the first token, generations running, and requests waiting for a model.
/// Tests can also watch <see cref="Finished"/>.
/// </summary>
public sealed class GenerationMonitor : IDisposable
{
    public const string MeterName = "ModelScale";

    /// <summary>The outcome of a request refused because the model's queue was full.</summary>
    public const string Busy = "busy";

    /// <summary>The outcome of a request that failed.</summary>
    public const string Error = "error";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _tokens;
    private readonly Histogram<double> _timeToFirstToken;
    private readonly TimeProvider _time;
    private int _active;

    public GenerationMonitor(TimeProvider time, IMeterFactory? meterFactory = null)
    {
        _time = time;
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _requests = _meter.CreateCounter<long>("modelscale.requests", "{request}", "Chat requests answered, by profile and outcome.");
        _tokens = _meter.CreateCounter<long>("modelscale.tokens", "{token}", "Prompt and completion tokens, by profile and type.");
        _timeToFirstToken = _meter.CreateHistogram<double>("modelscale.time_to_first_token", "s", "From the request reaching the model to its first token.");
        _meter.CreateObservableUpDownCounter("modelscale.generations.active", () => Volatile.Read(ref _active), "{generation}", "Generations running or waiting for their model.");
        _meter.CreateObservableGauge("modelscale.queue.waiting", () => WaitingSource?.Invoke() ?? 0, "{request}", "Requests waiting for a busy model.");
    }

    /// <summary>Raised when a generation ends, however it ends.</summary>
    public event Action<GenerationFinished>? Finished;

    /// <summary>Generations started and not yet finished.</summary>
    public int Active => Volatile.Read(ref _active);

    /// <summary>Where the queue length comes from (the engine).</summary>
    public Func<int>? WaitingSource { get; set; }

    public void Started() => Interlocked.Increment(ref _active);

    public void Complete(string profileId, string outcome, AnswerStats? stats)
    {
        Interlocked.Decrement(ref _active);
        var profile = new KeyValuePair<string, object?>("profile", profileId);
        _requests.Add(1, profile, new KeyValuePair<string, object?>("outcome", outcome));
        if (stats is not null)
        {
            _tokens.Add(stats.PromptTokens, profile, new KeyValuePair<string, object?>("type", "prompt"));
            _tokens.Add(stats.CompletionTokens, profile, new KeyValuePair<string, object?>("type", "completion"));
            if (stats.CompletionTokens > 0)
            {
                _timeToFirstToken.Record(stats.TimeToFirstToken.TotalSeconds, profile);
            }
        }

        Finished?.Invoke(new GenerationFinished(profileId, outcome, stats, _time.GetTimestamp()));
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
