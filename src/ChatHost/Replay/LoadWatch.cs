namespace ModelScale.ChatHost.Replay;

/// <summary>
/// Samples the load average on a timer while a replay runs and keeps the highest: once when it starts, then every
/// interval, and once when it stops. Null at the end when the system never said (not Linux).
/// </summary>
public sealed class LoadWatch : IDisposable
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(1);

    private readonly ISystemLoad _load;
    private readonly Lock _gate = new();
    private readonly ITimer _timer;
    private double? _peak;
    private int _samples;
    private MachineLoad? _stopped;
    private bool _done;

    private LoadWatch(ISystemLoad load, TimeProvider time, TimeSpan interval)
    {
        _load = load;
        Sample();
        _timer = time.CreateTimer(_ => Sample(), null, interval, interval);
    }

    public static LoadWatch Start(ISystemLoad load, TimeProvider time, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(load);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return new LoadWatch(load, time, interval);
    }

    /// <summary>Takes a last sample and stops; null when no sample had a value.</summary>
    public MachineLoad? Stop()
    {
        _timer.Dispose();
        lock (_gate)
        {
            if (!_done)
            {
                SampleLocked();
                _done = true;
                _stopped = _peak is { } peak ? new MachineLoad(peak, _load.Cores, _samples) : null;
            }

            return _stopped;
        }
    }

    public void Dispose() => Stop();

    private void Sample()
    {
        lock (_gate)
        {
            if (!_done)
            {
                SampleLocked();
            }
        }
    }

    private void SampleLocked()
    {
        if (_load.ReadLoadAverage() is { } now)
        {
            _peak = Math.Max(_peak ?? 0, now);
            _samples++;
        }
    }
}
