namespace ModelScale.ChatHost.Replay;

/// <summary>
/// Samples memory on a timer while a profile plays and keeps the peak: the process's resident set, and GPU memory when
/// NVML is there. One sample is taken when it starts and one when it stops, so even a run shorter than the interval
/// has a peak. The timer is a <see cref="PeriodicSampler"/> on the injected <see cref="TimeProvider"/>, so tests drive it.
/// </summary>
public sealed class MemorySampler : IDisposable
{
    private readonly IMemoryProbe _probe;
    private readonly PeriodicSampler _sampler;
    private long _baselineRss;
    private long? _baselineVram;
    private long _peakRss;
    private long? _peakVram;
    private int _samples;

    private MemorySampler(IMemoryProbe probe, TimeProvider time, TimeSpan interval)
    {
        _probe = probe;
        _sampler = PeriodicSampler.Start(Sample, time, interval);
    }

    /// <summary>Takes the first sample and starts the timer.</summary>
    public static MemorySampler Start(IMemoryProbe probe, TimeProvider time, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return new MemorySampler(probe, time, interval);
    }

    /// <summary>The peak so far, without stopping.</summary>
    public MemoryPeak Current => _sampler.Read(() => new MemoryPeak(_baselineRss, _peakRss, _baselineVram, _peakVram, _samples));

    /// <summary>Takes a last sample, stops the timer and returns the peak; later calls return the same.</summary>
    public MemoryPeak Stop()
    {
        _sampler.Stop();
        return Current;
    }

    public void Dispose() => Stop();

    /// <summary>The first sample is the baseline as well.</summary>
    private void Sample()
    {
        var rss = _probe.ReadProcessBytes();
        var vram = _probe.ReadGpuUsedBytes();
        if (_samples++ == 0)
        {
            _baselineRss = _peakRss = rss;
            _baselineVram = _peakVram = vram;
            return;
        }

        _peakRss = Math.Max(_peakRss, rss);
        if (vram is { } used)
        {
            _peakVram = Math.Max(_peakVram ?? 0, used);
        }
    }
}
