namespace ModelScale.Profiles.Store;

/// <summary>
/// Turns running byte counts into <see cref="DownloadProgress"/> reports with a rate and an ETA, at most once per interval
/// (plus the first and the last), so a fast download does not flood the terminal.
/// </summary>
internal sealed class ProgressReporter
{
    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(5);

    private readonly IProgress<DownloadProgress>? _sink;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly DownloadStage _stage;
    private readonly string _fileName;
    private readonly long _resumedFrom;
    private readonly long _discarded;
    private readonly TransferRate _rate;
    private long? _lastReport;

    public ProgressReporter(IProgress<DownloadProgress>? sink, TimeProvider time, TimeSpan interval, DownloadStage stage, string fileName, long resumedFrom, long discarded = 0)
    {
        _discarded = discarded;
        _sink = sink;
        _time = time;
        _interval = interval;
        _stage = stage;
        _fileName = fileName;
        _resumedFrom = resumedFrom;
        _rate = new TransferRate(time, RateWindow);
    }

    /// <summary>Reports when the interval has passed since the last report, or always when <paramref name="final"/>.</summary>
    public void Report(long bytesDone, long? totalBytes, bool final = false)
    {
        if (_sink is null)
        {
            return;
        }

        var now = _time.GetTimestamp();
        if (!final && _lastReport is { } last && _time.GetElapsedTime(last, now) < _interval)
        {
            return;
        }

        _lastReport = now;
        _rate.Add(bytesDone);
        var eta = totalBytes is { } total ? _rate.TimeFor(total - bytesDone) : null;
        _sink.Report(new DownloadProgress(_stage, _fileName, bytesDone, totalBytes, _rate.BytesPerSecond, eta, _resumedFrom, _discarded));
    }
}
