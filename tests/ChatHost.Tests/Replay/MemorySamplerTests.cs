using Microsoft.Extensions.Time.Testing;
using ModelScale.ChatHost.Replay;

namespace ModelScale.ChatHost.Tests.Replay;

public sealed class MemorySamplerTests
{
    private sealed class ScriptedProbe(long?[] vram, params long[] rss) : IMemoryProbe
    {
        private int _rss;
        private int _vram;

        public long ReadProcessBytes() => rss[Math.Min(_rss++, rss.Length - 1)];

        public long? ReadGpuUsedBytes() => vram[Math.Min(_vram++, vram.Length - 1)];
    }

    [Fact]
    public void Peak_IsTheLargestSampleOnTheTimer_AndTheBaselineIsTheFirst()
    {
        var time = new FakeTimeProvider();
        var probe = new ScriptedProbe([null], 100, 300, 250, 120);
        using var sampler = MemorySampler.Start(probe, time, TimeSpan.FromMilliseconds(100));

        time.Advance(TimeSpan.FromMilliseconds(100));
        time.Advance(TimeSpan.FromMilliseconds(100));
        var peak = sampler.Stop();

        Assert.Equal(100, peak.BaselineRssBytes);
        Assert.Equal(300, peak.PeakRssBytes);
        Assert.Equal(4, peak.Samples);
        Assert.Null(peak.PeakVramBytes);
        Assert.Null(peak.VramGrowthBytes);
    }

    [Fact]
    public void Stop_TakesALastSample_SoARunShorterThanTheIntervalStillHasAPeak_AndTheTimerStops()
    {
        var time = new FakeTimeProvider();
        var probe = new ScriptedProbe([1_000, 5_000], 100, 900);
        var sampler = MemorySampler.Start(probe, time, TimeSpan.FromSeconds(1));

        var peak = sampler.Stop();
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(900, peak.PeakRssBytes);
        Assert.Equal(5_000, peak.PeakVramBytes);
        Assert.Equal(4_000, peak.VramGrowthBytes);
        Assert.Equal(peak, sampler.Stop());
    }
}
