using Microsoft.Extensions.Options;
using ModelScale.ChatHost.Engine;
using ModelScale.Profiles.Gguf;
using ModelScale.Profiles.Planning;
using ModelScale.Profiles.Synthetic;

namespace ModelScale.ChatHost.Tests.Engine;

/// <summary>How many sequences a load is planned for: asked for, or chosen when the service leaves it to the plan.</summary>
public sealed class ModelPlannerTests
{
    private const long GiB = 1L << 30;

    private static GgufFile Header(ModelShape shape)
    {
        using var stream = new MemoryStream();
        new SyntheticGgufWriter(shape, QuantizationScheme.Q4_K_M).WriteHeaderOnly(stream);
        stream.Position = 0;
        return GgufReader.Read(stream, "shape.gguf");
    }

    private static PlannedLoad Plan(ModelShape shape, int parallel, long vram, long ram = 64 * GiB, int context = 4096)
    {
        var inventory = new FixedMemoryInventory(vram > 0 ? [new DeviceBudget("gpu", vram)] : [], ram);
        return new ModelPlanner(inventory, Options.Create(new EngineOptions { Parallel = parallel })).Plan(Header(shape), context);
    }

    [Fact]
    public void Auto_TakesFourSequences_WhenTheyCostTheModelNothingElse()
    {
        var planned = Plan(ModelShapes.Llama32_1B, EngineOptions.AutoParallel, vram: 0);

        Assert.Equal(EngineOptions.AutoSequences, planned.Plan.Parallel);
        Assert.Equal(EngineOptions.AutoSequences, planned.Request.Parallel);
        Assert.True(planned.Plan.Fits);
        Assert.Equal(4096, planned.Plan.Context);
    }

    [Fact]
    public void Auto_KeepsOneSequence_WhenFourWouldPushLayersOffTheGpu()
    {
        var single = Plan(ModelShapes.Llama33_70B, parallel: 1, vram: 24 * GiB);
        var four = Plan(ModelShapes.Llama33_70B, parallel: 4, vram: 24 * GiB);
        Assert.True(four.Plan.GpuLayers < single.Plan.GpuLayers, "the test needs a case where four sequences cost GPU layers");

        var auto = Plan(ModelShapes.Llama33_70B, EngineOptions.AutoParallel, vram: 24 * GiB);

        Assert.Equal(1, auto.Plan.Parallel);
        Assert.Equal(single.Plan.GpuLayers, auto.Plan.GpuLayers);
    }

    [Fact]
    public void Auto_KeepsOneSequence_WhenFourWouldShrinkTheContextToFitInRam()
    {
        var single = Plan(ModelShapes.Llama2_13B, parallel: 1, vram: 0, ram: 11 * GiB, context: 4096);
        var four = Plan(ModelShapes.Llama2_13B, parallel: 4, vram: 0, ram: 11 * GiB, context: 4096);
        Assert.True(single.Plan.Fits && single.Plan.Context == 4096, single.Plan.Reason);
        Assert.True(!four.Plan.Fits || four.Plan.Context < 4096, "the test needs a case where four sequences do not fit at the same context");

        var auto = Plan(ModelShapes.Llama2_13B, EngineOptions.AutoParallel, vram: 0, ram: 11 * GiB, context: 4096);

        Assert.Equal(1, auto.Plan.Parallel);
        Assert.Equal(4096, auto.Plan.Context);
    }

    [Fact]
    public void AnExplicitCount_IsPlannedAsAsked()
    {
        Assert.Equal(2, Plan(ModelShapes.Llama32_1B, parallel: 2, vram: 0).Plan.Parallel);
        Assert.Equal(4, Plan(ModelShapes.Llama33_70B, parallel: 4, vram: 24 * GiB).Plan.Parallel);
    }
}
