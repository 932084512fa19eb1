using Microsoft.Extensions.Time.Testing;
using ModelScale.Profiles.Store;

namespace ModelScale.Profiles.Tests.Store;

public sealed class TransferRateTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void BytesPerSecond_IsNullUntilTimePassesBetweenTwoSamples()
    {
        var rate = new TransferRate(_time, TimeSpan.FromSeconds(5));
        rate.Add(0);
        rate.Add(1000);

        Assert.Null(rate.BytesPerSecond);
        Assert.Null(rate.TimeFor(1000));
    }

    [Fact]
    public void BytesPerSecond_AndTimeFor_FollowTheSamples()
    {
        var rate = new TransferRate(_time, TimeSpan.FromSeconds(5));
        rate.Add(0);
        _time.Advance(TimeSpan.FromSeconds(2));
        rate.Add(4000);

        Assert.Equal(2000, rate.BytesPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(3), rate.TimeFor(6000));
    }

    [Fact]
    public void BytesPerSecond_ForgetsSamplesOlderThanTheWindow()
    {
        var rate = new TransferRate(_time, TimeSpan.FromSeconds(5));
        rate.Add(0);
        for (var second = 1; second <= 10; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            rate.Add(second <= 5 ? second * 100_000 : 500_000 + ((second - 5) * 1000));
        }

        // The first five seconds ran at 100 kB/s, the last five at 1 kB/s: only the recent rate counts.
        Assert.InRange(rate.BytesPerSecond!.Value, 1000, 20_000);
    }
}
