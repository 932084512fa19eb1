using Microsoft.Extensions.Time.Testing;
using ModelScale.ChatHost.Terminal;
using ModelScale.Profiles.Catalog;
using ModelScale.Profiles.Store;
using Spectre.Console.Testing;

namespace ModelScale.ChatHost.Tests.Terminal;

public sealed class PullViewTests
{
    private const long Total = 10 * 1024 * 1024;
    private static readonly ModelProfile Profile = new() { Id = "tiny", DisplayName = "Tiny", Source = new ModelSource(null, "tiny.gguf", null) };

    // Wide, as the process's own consoles are when piped: lines must not wrap.
    private readonly TestConsole _out = new TestConsole().Width(1000);
    private readonly TestConsole _status = new TestConsole().Width(1000);
    private readonly FakeTimeProvider _time = new();

    private PullView View() => new(new PullConsoles(_out, _status, Interactive: false), _time, new CommandHint("modelscale"));

    private static DownloadProgress Progress(long done, DownloadStage stage = DownloadStage.Downloading, long resumedFrom = 0)
        => new(stage, "tiny.gguf", done, Total, 2 * 1024 * 1024, TimeSpan.FromSeconds((Total - done) / (2.0 * 1024 * 1024)), resumedFrom);

    [Fact]
    public async Task Piped_WritesALinePerStageAndEveryFewSeconds_AndTheLastOneOnce()
    {
        var result = new PullResult { Outcome = PullOutcome.Downloaded, Path = "/m/tiny.gguf", SizeBytes = Total, Sha256 = "ab", VerifiedAgainst = "the catalog" };

        await View().ShowAsync(Profile, progress =>
        {
            progress.Report(Progress(1024 * 1024, DownloadStage.Hashing));
            progress.Report(Progress(1024 * 1024, resumedFrom: 1024 * 1024));
            progress.Report(Progress(2 * 1024 * 1024, resumedFrom: 1024 * 1024));
            _time.Advance(PullView.PlainLineInterval);
            progress.Report(Progress(3 * 1024 * 1024, resumedFrom: 1024 * 1024));
            progress.Report(Progress(Total, resumedFrom: 1024 * 1024));
            progress.Report(Progress(Total, resumedFrom: 1024 * 1024));
            return Task.FromResult(result);
        });

        Assert.Equal(
            [
                "Checking tiny.gguf: 10% · 1.0 MiB of 10.0 MiB, 2.0 MiB/s, 0:05 left",
                "Downloading tiny.gguf (resumed at 1.0 MiB): 10% · 1.0 MiB of 10.0 MiB, 2.0 MiB/s, 0:05 left",
                "Downloading tiny.gguf (resumed at 1.0 MiB): 30% · 3.0 MiB of 10.0 MiB, 2.0 MiB/s, 0:04 left",
                "Downloading tiny.gguf (resumed at 1.0 MiB): 100% · 10.0 MiB of 10.0 MiB, 2.0 MiB/s, 0:00 left",
            ],
            _status.Lines.Where(l => l.Length > 0));
        Assert.Empty(_out.Output);
    }

    [Fact]
    public async Task Cancelled_SaysHowToResume_AndRethrows()
    {
        await Assert.ThrowsAsync<OperationCanceledException>(() => View().ShowAsync(Profile, _ => throw new OperationCanceledException()));

        Assert.Contains("Stopped; run `modelscale pull tiny` again to resume.", _status.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_OfAFirstDownloadWithoutACatalogHash_SaysWhereItWasRecorded()
    {
        View().Report(Profile, new PullResult
        {
            Outcome = PullOutcome.Downloaded,
            Path = "/m/tiny.gguf",
            SizeBytes = Total,
            Sha256 = "0123",
            RecordedIn = "/m/modelscale.lock.json",
            ResumedFrom = 512,
        });

        Assert.Equal(
            [
                "Downloaded tiny to /m/tiny.gguf (10.0 MiB, resumed at 512 B).",
                "sha256 0123; the catalog has none, so it was recorded in /m/modelscale.lock.json and later pulls must match it.",
            ],
            _out.Lines.Where(l => l.Length > 0));
    }

    [Theory]
    [InlineData(PullOutcome.AlreadyOnDisk, "the catalog", "tiny is already on disk at /m/tiny.gguf and its sha256 matches the catalog; nothing to download (--force downloads it again).")]
    [InlineData(PullOutcome.AlreadyOnDisk, null, "tiny is already on disk at /m/tiny.gguf; no sha256 is known to check it against, so nothing was downloaded (--force downloads it again).")]
    [InlineData(PullOutcome.LocalFile, null, "tiny is the local file /m/tiny.gguf; there is nothing to pull.")]
    public void Report_WhenNothingWasDownloaded_SaysWhy(PullOutcome outcome, string? verifiedAgainst, string expected)
    {
        View().Report(Profile, new PullResult { Outcome = outcome, Path = "/m/tiny.gguf", VerifiedAgainst = verifiedAgainst });

        Assert.Equal(expected, _out.Output.Trim());
    }

    [Theory]
    [InlineData(0, "0:00")]
    [InlineData(59.2, "1:00")]
    [InlineData(61, "1:01")]
    [InlineData(3723, "1:02:03")]
    public void Eta_IsMinutesAndSeconds_WithHoursWhenNeeded(double seconds, string expected)
        => Assert.Equal(expected, PullRenderer.Eta(TimeSpan.FromSeconds(seconds)));
}
