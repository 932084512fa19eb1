using ModelScale.Profiles.Planning;

namespace ModelScale.Profiles.Tests.Planning;

public sealed class MemoryModelTests
{
    [Theory]
    [InlineData(1, 256)]
    [InlineData(256, 256)]
    [InlineData(257, 512)]
    [InlineData(1000, 1024)]
    public void TheKvCache_IsPaddedTo256Cells(long context, long cells) =>
        Assert.Equal(cells, MemoryModel.PaddedContext(context));

    [Fact]
    public void TheGraph_NeverHoldsMoreTokensThanTheContext()
    {
        Assert.Equal(512, MemoryModel.GraphTokens(8192, 512));
        Assert.Equal(300, MemoryModel.GraphTokens(300, 512));
    }

    [Fact]
    public void ALargeVocabulary_MakesTheLogitsThePeak()
    {
        var facts = PlanningShapes.EightB();

        var compute = MemoryModel.ComputeBytes(facts, 8192, 512, holdsOutput: true);

        Assert.Equal(MemoryModel.OutputPhaseBytes(facts, 8192, 512), compute);
        Assert.Equal((128_256 + (2 * 4096)) * 512L * 4, compute);
    }

    [Fact]
    public void WithoutTheOutputHead_FeedForwardPhaseIsThePeakAndGrowsWithContext()
    {
        var facts = PlanningShapes.EightB();

        var small = MemoryModel.ComputeBytes(facts, 512, 512, holdsOutput: false);
        var large = MemoryModel.ComputeBytes(facts, 8192, 512, holdsOutput: false);

        Assert.Equal(MemoryModel.FeedForwardPhaseBytes(facts, 512, 512), small);
        Assert.Equal((8192 - 512) * 512L * 2, large - small); // the f16 mask
    }
}
