using ModelScale.Profiles.Units;

namespace ModelScale.Profiles.Tests.Units;

public sealed class ParameterCountTests
{
    [Theory]
    [InlineData(1_235_814_400L, "1.24 B")]
    [InlineData(70_553_706_496L, "70.55 B")]
    [InlineData(7_500_000L, "7.5 M")]
    [InlineData(292_800L, "292.8 K")]
    [InlineData(999L, "999")]
    [InlineData(0L, "0")]
    public void Format_WritesCountsAsModelCardsDo(long count, string expected) =>
        Assert.Equal(expected, ParameterCount.Format(count));
}
