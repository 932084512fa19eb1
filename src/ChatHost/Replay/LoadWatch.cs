namespace ModelScale.ChatHost.Replay;

/// <summary>
/// Samples the load average on a timer while a replay runs and keeps the highest: once when it starts, then every
/// interval, and once when it stops (<see cref="PeriodicSampler"/>). Null at the end when the system never said (not Linux).
/// </summary>
public sealed class LoadWatch : IDisposable
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(1);

    private readonly ISystemLoad _load;
    private readonly PeriodicSampler _sampler;
    private double? _peak;
    private int _samples;

    private LoadWatch(ISystemLoad load, TimeProvider time, TimeSpan interval)
    {
        _load = load;
        _sampler = PeriodicSampler.Start(Sample, time, interval);
    }

    public static LoadWatch Start(ISystemLoad load, TimeProvider time, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(load);
        return new LoadWatch(load, time, interval);
    }

    /// <summary>Takes a last sample and stops; null when no sample had a value. Later calls return the same.</summary>
    public MachineLoad? Stop()
    {
        _sampler.Stop();
        return _sampler.Read(() => _peak is { } peak ? new MachineLoad(peak, _load.Cores, _samples) : null);
    }

    public void Dispose() => Stop();

    private void Sample()
    {
        if (_load.ReadLoadAverage() is { } now)
        {
            _peak = Math.Max(_peak ?? 0, now);
            _samples++;
        }
    }
}
