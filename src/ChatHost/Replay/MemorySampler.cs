namespace ModelScale.ChatHost.Replay;

/// <summary>
/// Samples memory on a timer while a profile plays and keeps the peak: the process's resident set, and GPU memory when
/// NVML is there. One sample is taken when it starts and one when it stops, so even a run shorter than the interval
/// has a peak. The timer comes from the injected <see cref="TimeProvider"/>, so tests drive it.
/// </summary>
public sealed class MemorySampler : IDisposable
{
    private readonly IMemoryProbe _probe;
    private readonly Lock _gate = new();
    private readonly ITimer _timer;
    private readonly long _baselineRss;
    private readonly long? _baselineVram;
    private long _peakRss;
    private long? _peakVram;
    private int _samples;
    private MemoryPeak? _stopped;

    private MemorySampler(IMemoryProbe probe, TimeProvider time, TimeSpan interval)
    {
        _probe = probe;
        _baselineRss = _peakRss = probe.ReadProcessBytes();
        _baselineVram = _peakVram = probe.ReadGpuUsedBytes();
        _samples = 1;
        _timer = time.CreateTimer(_ => Sample(), null, interval, interval);
    }

    /// <summary>Takes the first sample and starts the timer.</summary>
    public static MemorySampler Start(IMemoryProbe probe, TimeProvider time, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return new MemorySampler(probe, time, interval);
    }

    /// <summary>The peak so far, without stopping.</summary>
    public MemoryPeak Current
    {
        get
        {
            lock (_gate)
            {
                return _stopped ?? new MemoryPeak(_baselineRss, _peakRss, _baselineVram, _peakVram, _samples);
            }
        }
    }

    /// <summary>Takes a last sample, stops the timer and returns the peak; later calls return the same.</summary>
    public MemoryPeak Stop()
    {
        _timer.Dispose();
        lock (_gate)
        {
            if (_stopped is null)
            {
                SampleLocked();
                _stopped = new MemoryPeak(_baselineRss, _peakRss, _baselineVram, _peakVram, _samples);
            }

            return _stopped;
        }
    }

    public void Dispose() => Stop();

    private void Sample()
    {
        lock (_gate)
        {
            if (_stopped is null)
            {
                SampleLocked();
            }
        }
    }

    private void SampleLocked()
    {
        _peakRss = Math.Max(_peakRss, _probe.ReadProcessBytes());
        if (_probe.ReadGpuUsedBytes() is { } vram)
        {
            _peakVram = Math.Max(_peakVram ?? 0, vram);
        }

        _samples++;
    }
}
