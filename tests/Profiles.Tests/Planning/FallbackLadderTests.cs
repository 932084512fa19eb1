using ModelScale.Profiles.Planning;

namespace ModelScale.Profiles.Tests.Planning;

public sealed class FallbackLadderTests
{
    private const long GiB = 1L << 30;

    [Fact]
    public void Ladder_StartsWithThePlanThenGivesBackLayersThenContext()
    {
        var facts = PlanningShapes.EightB();
        var request = new PlanRequest { Context = 8192, Devices = [new DeviceBudget("gpu", 24 * GiB)], FreeRamBytes = 64 * GiB };
        var plan = OffloadPlanner.Plan(facts, request);

        var steps = FallbackLadder.Steps(facts, request, plan).ToList();

        Assert.Same(plan, steps[0]);
        Assert.Equal(33, steps[0].GpuLayers);
        var layers = steps.Select(s => s.GpuLayers).ToList();
        Assert.Equal(layers.OrderByDescending(l => l), layers); // never more layers than the step before
        Assert.Equal(0, steps[^1].GpuLayers);
        Assert.Equal([8192, 4096, 2048, 1024, 512], steps.Select(s => s.Context).Distinct());
        Assert.All(steps, s => Assert.Equal(8192, s.RequestedContext));
        Assert.All(steps.Skip(1).Where(s => s.Context == 8192), s => Assert.True(s.GpuLayers < 33));
    }

    [Fact]
    public void ACpuPlan_OnlyTriesSmallerContexts()
    {
        var facts = PlanningShapes.EightB();
        var request = new PlanRequest { Context = 2048 };

        var steps = FallbackLadder.Steps(facts, request, OffloadPlanner.Plan(facts, request)).ToList();

        Assert.Equal([2048, 1024, 512], steps.Select(s => s.Context));
        Assert.All(steps, s => Assert.Equal(0, s.GpuLayers));
    }
}
