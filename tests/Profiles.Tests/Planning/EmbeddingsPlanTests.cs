using ModelScale.Profiles.Planning;

namespace ModelScale.Profiles.Tests.Planning;

/// <summary>The embeddings context beside a plan: where its bytes go, and that asking for it leaves the chat plan alone.</summary>
public sealed class EmbeddingsPlanTests
{
    private const long GiB = 1L << 30;
    private static readonly ModelMemoryFacts EightB = PlanningShapes.EightB();

    private static PlanRequest Request(double vramGiB, int? embeddings, long? ram = 64 * GiB) => new()
    {
        Context = 8192,
        Devices = vramGiB > 0 ? [new DeviceBudget("gpu", (long)(vramGiB * GiB))] : [],
        FreeRamBytes = ram,
        EmbeddingsContext = embeddings,
    };

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(24)]
    public void AskingForIt_LeavesTheChatPlanAsItWas(double vramGiB)
    {
        var without = OffloadPlanner.Plan(EightB, Request(vramGiB, embeddings: null));
        var with = OffloadPlanner.Plan(EightB, Request(vramGiB, embeddings: 2048));

        Assert.Null(without.Embeddings);
        Assert.NotNull(with.Embeddings);
        Assert.Equal(without, with with { Embeddings = null, Notes = without.Notes, Devices = without.Devices });
        Assert.Equal(without.Devices, with.Devices);
        Assert.Equal(without.Notes, with.Notes);
    }

    [Fact]
    public void OnTheCpu_ItIsKvAndALogitsSizedComputeBufferInRam()
    {
        var plan = OffloadPlanner.Plan(EightB, Request(0, embeddings: 2048));
        var embeddings = plan.Embeddings!;

        var kv = EightB.BlockCount * MemoryModel.KvBytesPerLayer(EightB, 2048, KvCacheType.F16);
        // 128k tokens of f32 logits for each of 2048 tokens: about 1 GiB, more than the KV cache; beside them only the
        // mask (8 MiB), three 4096-wide activations (96 MiB) and one row of output.
        var logits = EightB.VocabularySize * 2048L * 4;
        Assert.Equal(2048, embeddings.Context);
        Assert.Empty(embeddings.DeviceBytes);
        Assert.InRange(embeddings.HostBytes, kv + logits, kv + logits + (128L << 20));
        Assert.True(embeddings.Fits);
    }

    [Fact]
    public void ItIsNeverLongerThanTheChatContext()
    {
        var plan = OffloadPlanner.Plan(EightB, Request(0, embeddings: 2048) with { Context = 1024 });

        Assert.Equal(1024, plan.Embeddings!.Context);
    }

    [Fact]
    public void FullyOffloaded_ItGoesToTheGpu_AndDoesNotFitWhereOnlyTheChatPlanDoes()
    {
        var roomy = OffloadPlanner.Plan(EightB, Request(40, embeddings: 2048));
        Assert.True(roomy.FullOffload);
        var onGpu = roomy.Embeddings!.DeviceBytes.Single();
        Assert.True(onGpu > roomy.Embeddings.HostBytes);
        Assert.True(roomy.Embeddings.Fits);

        // Just the chat plan and its margin free: the model still loads fully offloaded, and its embeddings are refused.
        var tight = OffloadPlanner.Plan(EightB, Request((roomy.Devices.Single().TotalBytes + roomy.MarginBytes) / (double)GiB, embeddings: 2048));
        Assert.True(tight.Fits);
        Assert.True(tight.FullOffload);
        Assert.False(tight.Embeddings!.Fits);
    }

    [Fact]
    public void ItDoesNotFitInRamThatOnlyTheChatPlanFits()
    {
        var roomy = OffloadPlanner.Plan(EightB, Request(0, embeddings: 2048));
        var tight = OffloadPlanner.Plan(EightB, Request(0, embeddings: 2048, ram: roomy.Host.TotalBytes + (roomy.Embeddings!.HostBytes / 2)));

        Assert.True(tight.Fits);
        Assert.Equal(roomy.Context, tight.Context);
        Assert.False(tight.Embeddings!.Fits);
    }
}
