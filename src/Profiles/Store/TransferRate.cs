namespace ModelScale.Profiles.Store;

/// <summary>Bytes per second over the last few seconds, measured with a <see cref="TimeProvider"/>'s timestamps.</summary>
public sealed class TransferRate
{
    private readonly Queue<(long Timestamp, long Bytes)> _samples = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _window;
    private (long Timestamp, long Bytes) _latest;

    public TransferRate(TimeProvider time, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        _time = time;
        _window = window;
    }

    /// <summary>Records the running total of bytes now.</summary>
    public void Add(long totalBytes)
    {
        var now = _time.GetTimestamp();
        _latest = (now, totalBytes);
        _samples.Enqueue(_latest);

        // Keep one sample older than the window, so the rate always spans a full window once there is one.
        while (_samples.Count > 2 && _time.GetElapsedTime(_samples.ElementAt(1).Timestamp, now) > _window)
        {
            _samples.Dequeue();
        }
    }

    /// <summary>The rate across the samples kept, or null before time has passed between two of them.</summary>
    public double? BytesPerSecond
    {
        get
        {
            if (_samples.Count < 2)
            {
                return null;
            }

            var (firstTime, firstBytes) = _samples.Peek();
            var (lastTime, lastBytes) = _latest;
            var seconds = _time.GetElapsedTime(firstTime, lastTime).TotalSeconds;
            return seconds > 0 ? (lastBytes - firstBytes) / seconds : null;
        }
    }

    /// <summary>The time to move <paramref name="remainingBytes"/> at the current rate, or null when there is no rate yet.</summary>
    public TimeSpan? TimeFor(long remainingBytes)
        => BytesPerSecond is { } rate && rate > 0 ? TimeSpan.FromSeconds(Math.Max(0, remainingBytes) / rate) : null;
}
