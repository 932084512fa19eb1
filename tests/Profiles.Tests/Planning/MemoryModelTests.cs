using ModelScale.Profiles.Planning;

namespace ModelScale.Profiles.Tests.Planning;

public sealed class MemoryModelTests
{
    [Theory]
    [InlineData(1, 256)]
    [InlineData(256, 256)]
    [InlineData(257, 512)]
    [InlineData(1000, 1024)]
    public void The_kv_cache_is_padded_to_256_cells(long context, long cells) =>
        Assert.Equal(cells, MemoryModel.PaddedContext(context));

    [Fact]
    public void The_graph_never_holds_more_tokens_than_the_context()
    {
        Assert.Equal(512, MemoryModel.GraphTokens(8192, 512));
        Assert.Equal(300, MemoryModel.GraphTokens(300, 512));
    }

    [Fact]
    public void A_large_vocabulary_makes_the_logits_the_peak()
    {
        var facts = PlanningShapes.EightB();

        var compute = MemoryModel.ComputeBytes(facts, 8192, 512, holdsOutput: true);

        Assert.Equal(MemoryModel.OutputPhaseBytes(facts, 8192, 512), compute);
        Assert.Equal((128_256 + (2 * 4096)) * 512L * 4, compute);
    }

    [Fact]
    public void Without_the_output_head_the_feed_forward_phase_is_the_peak_and_grows_with_context()
    {
        var facts = PlanningShapes.EightB();

        var small = MemoryModel.ComputeBytes(facts, 512, 512, holdsOutput: false);
        var large = MemoryModel.ComputeBytes(facts, 8192, 512, holdsOutput: false);

        Assert.Equal(MemoryModel.FeedForwardPhaseBytes(facts, 512, 512), small);
        Assert.Equal((8192 - 512) * 512L * 2, large - small); // the f16 mask
    }
}
