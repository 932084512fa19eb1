using ModelScale.ChatHost.Bench;

namespace ModelScale.ChatHost.Tests.Bench;

public sealed class DistributionTests
{
    [Fact]
    public void Of_OddCount_TakesTheMiddleValueAsMedian()
    {
        var d = Distribution.Of([30, 10, 20, 50, 40]);

        Assert.Equal(new Distribution(30, 10, 50, 5), d);
    }

    [Fact]
    public void Of_EvenCount_AveragesTheTwoMiddleValues()
    {
        var d = Distribution.Of([4, 1, 3, 2]);

        Assert.Equal(2.5, d.Median);
        Assert.Equal(1, d.Min);
        Assert.Equal(4, d.Max);
    }

    [Fact]
    public void Of_OneValue_IsThatValueEverywhere()
    {
        Assert.Equal(new Distribution(7, 7, 7, 1), Distribution.Of([7]));
    }

    [Fact]
    public void Of_NoValues_Throws()
    {
        Assert.Throws<ArgumentException>(() => Distribution.Of([]));
    }
}
