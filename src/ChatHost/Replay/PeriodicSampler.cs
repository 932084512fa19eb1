namespace ModelScale.ChatHost.Replay;

/// <summary>
/// The timer a replay's watchers share (<see cref="MemorySampler"/>, <see cref="LoadWatch"/>): it calls the watcher's
/// sample once when it starts, then every interval on the injected <see cref="TimeProvider"/>'s timer (so tests drive
/// it), and once more when it stops, never after. Samples and <see cref="Read"/> run under one lock, so the watcher's
/// own fields need none.
/// </summary>
public sealed class PeriodicSampler : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Action _sample;
    private readonly ITimer _timer;
    private bool _stopped;

    private PeriodicSampler(Action sample, TimeProvider time, TimeSpan interval)
    {
        _sample = sample;
        lock (_gate)
        {
            sample();
        }

        _timer = time.CreateTimer(_ => Tick(), null, interval, interval);
    }

    /// <summary>Takes the first sample and starts the timer.</summary>
    public static PeriodicSampler Start(Action sample, TimeProvider time, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return new PeriodicSampler(sample, time, interval);
    }

    /// <summary>What <paramref name="read"/> makes of the samples so far, with no sample taken meanwhile.</summary>
    public T Read<T>(Func<T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        lock (_gate)
        {
            return read();
        }
    }

    /// <summary>Stops the timer, and takes a last sample the first time it is called.</summary>
    public void Stop()
    {
        _timer.Dispose();
        lock (_gate)
        {
            if (!_stopped)
            {
                _sample();
                _stopped = true;
            }
        }
    }

    public void Dispose() => Stop();

    private void Tick()
    {
        lock (_gate)
        {
            if (!_stopped)
            {
                _sample();
            }
        }
    }
}
