using ModelScale.Profiles.Planning;

namespace ModelScale.Profiles.Tests.Planning;

public sealed class OffloadPlannerTests
{
    private const long GiB = 1L << 30;
    private static readonly ModelMemoryFacts EightB = PlanningShapes.EightB();

    private static OffloadPlan Plan(ModelMemoryFacts facts, double vramGiB, int context = 8192, long? ram = 64 * GiB) =>
        OffloadPlanner.Plan(facts, new PlanRequest
        {
            Context = context,
            Devices = vramGiB > 0 ? [new DeviceBudget("gpu", (long)(vramGiB * GiB))] : [],
            FreeRamBytes = ram,
        });

    [Fact]
    public void NoGpu_GivesACpuPlan()
    {
        var plan = Plan(EightB, 0);

        Assert.True(plan.Fits);
        Assert.Equal(0, plan.GpuLayers);
        Assert.Empty(plan.Devices);
        Assert.Equal(EightB.TotalWeightBytes, plan.Host.WeightBytes);
        Assert.StartsWith("0/33 layers: no GPU", plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void MoreVram_NeverMeansFewerLayers()
    {
        var previous = -1;
        for (var vram = 0.0; vram <= 24; vram += 0.125)
        {
            var plan = Plan(EightB, vram);
            Assert.True(plan.GpuLayers >= previous, $"{vram} GiB gave {plan.GpuLayers} layers, less than {previous}");
            previous = plan.GpuLayers;
        }

        Assert.Equal(EightB.OffloadableLayers, previous);
    }

    [Fact]
    public void EveryGpuPlan_KeepsTheMarginFree()
    {
        for (var vram = 0.5; vram <= 12; vram += 0.25)
        {
            var plan = Plan(EightB, vram);
            var device = Assert.Single(plan.Devices);
            Assert.True(device.TotalBytes <= device.FreeBytes - plan.MarginBytes || device.Layers == 0, $"{vram} GiB: {device}");
        }
    }

    [Fact]
    public void FullOffload_OnlyWhenEverythingFitsWithTheMargin()
    {
        var full = Plan(EightB, 24).Devices.Single().TotalBytes;

        var justEnough = Plan(EightB, (full + (1 * GiB)) / (double)GiB);
        var justShort = Plan(EightB, (full + (1 * GiB) - 1) / (double)GiB);

        Assert.True(justEnough.FullOffload);
        Assert.False(justShort.FullOffload);
        Assert.Equal(EightB.OffloadableLayers - 1, justShort.GpuLayers);
    }

    [Fact]
    public void ZeroLayers_WhenNotEvenOneLayerFits()
    {
        // One block of this shape is about 120 MiB; with the margin, overhead and compute buffer, 1.5 GiB holds none.
        var plan = Plan(EightB, 1.5);

        Assert.Equal(0, plan.GpuLayers);
        Assert.True(plan.Fits);
        Assert.Equal(0, plan.Devices.Single().Layers);
        Assert.Equal(0, plan.Devices.Single().TotalBytes);
    }

    [Fact]
    public void TheOutputHead_IsTheLastLayerToMove()
    {
        var plan = Plan(EightB, 5);
        Assert.InRange(plan.GpuLayers, 1, EightB.BlockCount);
        Assert.Equal(EightB.BlockCount - plan.GpuLayers, plan.Devices.Single().FirstLayer);

        // The head stays on the CPU, so the host keeps its weights and the logits.
        Assert.True(plan.Host.WeightBytes >= EightB.OutputBytes + EightB.TokenEmbeddingBytes);
    }

    [Fact]
    public void TheReason_SaysLayersFreeMemoryMarginAndKv()
    {
        var plan = Plan(EightB, 5);

        Assert.Matches(@"^\d+/33 layers: 5\.0 GiB free, 1\.0 GiB margin, KV 1\.0 GiB at ctx 8192", plan.Reason);
    }

    [Fact]
    public void TheContext_ShrinksOnlyWhenRamAndVramCannotHoldIt()
    {
        var roomy = Plan(EightB, 0, context: 131072, ram: 64 * GiB);
        var tight = Plan(EightB, 0, context: 131072, ram: 8 * GiB);

        Assert.Equal(131072, roomy.Context);
        Assert.True(tight.Fits);
        Assert.True(tight.Context < 131072);
        Assert.True(tight.Host.TotalBytes <= 8 * GiB);
        Assert.Contains(tight.Notes, n => n.StartsWith("Context reduced from 131072", StringComparison.Ordinal));

        // The same RAM with a GPU beside it keeps more context.
        var helped = Plan(EightB, 24, context: 131072, ram: 8 * GiB);
        Assert.True(helped.Context > tight.Context);
    }

    [Fact]
    public void AModelTooBigForTheMachine_IsFlaggedNotPlanned()
    {
        var plan = Plan(EightB, 0, context: 4096, ram: 2 * GiB);

        Assert.False(plan.Fits);
        Assert.StartsWith("does not fit", plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Q8_0Cache_IsAboutHalfOfF16()
    {
        var f16 = OffloadPlanner.Plan(EightB, new PlanRequest { Context = 8192 });
        var q8 = OffloadPlanner.Plan(EightB, new PlanRequest { Context = 8192, KvCacheType = KvCacheType.Q8_0 });

        Assert.Equal(1L << 30, f16.KvBytes); // 2 x 32 layers x 8192 x 1024 x 2 bytes
        Assert.Equal(f16.KvBytes * 34 / 64, q8.KvBytes);
    }

    [Fact]
    public void ParallelSequences_EachGetTheContext()
    {
        var one = OffloadPlanner.Plan(EightB, new PlanRequest { Context = 4096 });
        var four = OffloadPlanner.Plan(EightB, new PlanRequest { Context = 4096, Parallel = 4 });

        Assert.Equal(one.KvBytes * 4, four.KvBytes);
        Assert.Equal(one.Host.OutputBytes * 4, four.Host.OutputBytes);
    }

    [Fact]
    public void ALayerCap_IsRespected()
    {
        var plan = OffloadPlanner.Plan(EightB, new PlanRequest { Context = 4096, Devices = [new DeviceBudget("gpu", 80 * GiB)], MaxGpuLayers = 10 });

        Assert.Equal(10, plan.GpuLayers);
    }

    [Fact]
    public void TwoGpus_ShareTheLayersInOrder()
    {
        var plan = OffloadPlanner.Plan(EightB, new PlanRequest
        {
            Context = 8192,
            Devices = [new DeviceBudget("a", 4 * GiB), new DeviceBudget("b", 4 * GiB)],
        });
        var single = Plan(EightB, 4);

        Assert.True(plan.GpuLayers > single.GpuLayers);
        Assert.Equal(plan.GpuLayers, plan.LayersPerDevice.Sum());
        Assert.Equal(plan.Devices[0].FirstLayer + plan.Devices[0].Layers, plan.Devices[1].FirstLayer);
        Assert.All(plan.Devices, d => Assert.True(d.TotalBytes <= d.FreeBytes - plan.MarginBytes));
        Assert.Contains("on 2 GPUs", plan.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(8192, 512, new[] { 8192, 4096, 2048, 1024, 512 })]
    [InlineData(3000, 512, new[] { 3000, 1280, 512 })]
    [InlineData(300, 512, new[] { 300 })]
    public void TheContextLadder_HalvesDownToTheMinimum(int requested, int minimum, int[] expected)
    {
        Assert.Equal(expected, OffloadPlanner.ContextLadder(requested, minimum));
    }
}
