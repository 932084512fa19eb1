using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModelScale.ChatHost.Engine;
using ModelScale.Profiles.Errors;
using ModelScale.Profiles.Gguf;
using ModelScale.Tests.Shared;
using Xunit.Abstractions;

namespace ModelScale.ChatHost.Tests.Engine;

/// <summary>
/// A model's embeddings context is memory too: planned beside the chat context, checked before it is made, and counted
/// once it is, in the model's cost (what the memory budget sums) and in the size /api/ps reports.
/// </summary>
public sealed class EmbeddingsMemoryTests(ITestOutputHelper output)
{
    private static ModelLoadRequest Planned(string id, string path, int context, long? freeRam = 16L << 30)
    {
        var planner = new ModelPlanner(new FixedMemoryInventory(freeRam: freeRam), Options.Create(new EngineOptions()));
        var planned = planner.Plan(GgufReader.Read(path), context);
        return new ModelLoadRequest(id, id, path, planned.Plan.Context, null, planned);
    }

    private static ModelEngine Engine(MemoryBudget? budget = null) =>
        new(Options.Create(new EngineOptions { Threads = 1, MaxResident = 3, MemoryBudget = budget }), TimeProvider.System, NullLogger<ModelEngine>.Instance);

    [Fact]
    public async Task OnceMade_ItIsInTheModelsCost_AndInItsReportedSize_AsPlanned()
    {
        await using var engine = Engine();
        using var lease = await engine.LeaseAsync(Planned("tiny", OwnModels.Tiny, 512));
        var model = lease.Client.Model;
        var planned = model.Plan!.Embeddings!;
        var chat = model.Cost;
        Assert.Equal(model.Buffers.TotalBytes, ResidentModels.Of(engine).Single().SizeBytes);

        await model.Embeddings.EmbedAsync(["hello"], CancellationToken.None);

        var measured = model.Embeddings.Buffers;
        output.WriteLine($"embeddings context at ctx {planned.Context}: predicted {planned.TotalBytes:N0}, measured {measured.TotalBytes:N0} (KV {measured.KvBytes:N0}, compute {measured.ComputeBytes:N0})");
        Assert.Equal(512, planned.Context);
        Assert.True(measured.KvBytes > 0 && measured.ComputeBytes > 0);
        Assert.InRange(planned.TotalBytes, measured.TotalBytes * 0.95, measured.TotalBytes * 1.10);
        Assert.Equal(chat.RamBytes + planned.HostBytes, model.Cost.RamBytes);
        Assert.Equal(model.Buffers.TotalBytes + measured.TotalBytes, ResidentModels.Of(engine).Single().SizeBytes);
    }

    [Fact]
    public async Task WhileLlamaCppWorksOnTheEmbeddings_TheEngineStillLoads_Releases_AndReportsWhatIsResident()
    {
        await using var engine = Engine();
        using var lease = await engine.LeaseAsync(Planned("tiny", OwnModels.Tiny, 512));
        var embeddings = lease.Client.Model.Embeddings;
        await embeddings.EmbedAsync(["hello"], CancellationToken.None);
        var other = Planned("other", OwnModels.Other, 512);

        // Held on a thread of its own as a decode of a long input, or the making of the context, holds it while
        // llama.cpp runs: the engine's bookkeeping (the model's cost, read under the engine's resident lock) must not wait.
        using var held = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var holder = new Thread(() =>
        {
            embeddings.NativeLock.Enter();
            try
            {
                held.Set();
                release.Wait();
            }
            finally
            {
                embeddings.NativeLock.Exit();
            }
        });
        holder.Start();
        held.Wait();
        var answered = Task.Run(async () =>
        {
            using (await engine.LeaseAsync(other))
            {
            }

            return ResidentModels.Of(engine);
        });
        bool done;
        try
        {
            done = await Task.WhenAny(answered, Task.Delay(TimeSpan.FromSeconds(30))) == answered;
        }
        finally
        {
            release.Set();
            holder.Join();
        }

        Assert.True(done, "loading, releasing and listing models waited for the embeddings context");
        Assert.Equal(2, (await answered).Count);
        Assert.True(embeddings.IsReserved);
        Assert.Equal(2, engine.Resident.Count);
    }

    [Fact]
    public async Task ASecondRequest_KeepsTheContextCounted_WhenTheFirstIsCancelledBeforeMakingIt()
    {
        await using var engine = Engine();
        using var lease = await engine.LeaseAsync(Planned("tiny", OwnModels.Tiny, 512));
        var embeddings = lease.Client.Model.Embeddings;
        using var cancelFirst = new CancellationTokenSource();
        Task<(IReadOnlyList<float[]> Vectors, int Tokens)> second;

        // llama.cpp's log held here, so that the first request, once it has reserved the memory, waits to make the context.
        var log = await BufferLog.BeginAsync(CancellationToken.None);
        try
        {
            var first = embeddings.EmbedAsync(["first"], cancelFirst.Token);
            Assert.True(SpinWait.SpinUntil(() => embeddings.IsReserved, TimeSpan.FromSeconds(30)));
            second = embeddings.EmbedAsync(["second"], CancellationToken.None);

            await cancelFirst.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);

            // The second one goes on to make the context: it must be counted in the model's cost while it does.
            Assert.True(SpinWait.SpinUntil(() => embeddings.IsReserved, TimeSpan.FromSeconds(30)), "the first request's cancellation undid the reservation the second relies on");
            Assert.False(second.IsCompleted);
        }
        finally
        {
            log.Dispose();
        }

        var (vectors, _) = await second;
        Assert.Single(vectors);
        Assert.True(embeddings.IsCreated);
        Assert.True(embeddings.IsReserved);
    }

    [Fact]
    public async Task PlanVerify_CountsTheModelItselfBesideItsEmbeddingsContext()
    {
        var tiny = Planned("tiny", OwnModels.Tiny, 512);
        var plan = tiny.Planned!.Plan;
        Assert.True(plan.Embeddings!.Fits);
        // Room for the model, and for its embeddings context only if the model itself were not counted.
        await using var engine = Engine(new MemoryBudget(ModelCost.From(plan).RamBytes + (plan.Embeddings.HostBytes / 2), []));

        var outcome = await ModelScale.ChatHost.Commands.PlanCommand.VerifyAsync(engine, tiny, CancellationToken.None);

        Assert.NotNull(outcome.Comparison);
        Assert.Null(outcome.Embeddings);
        var model = Assert.Single(engine.Resident);
        Assert.False(model.Embeddings.IsReserved);
    }

    // The shared models at the context the embeddings context is capped at: llama-2's 32,000-token vocabulary makes
    // its compute buffer hold 2048 rows of logits, four times the chat context's whole memory.
    [SharedModelsTheory]
    [InlineData("stories260K.gguf")]
    [InlineData("llama-2-tiny-random.gguf")]
    public async Task ThePlan_IsWithin5PercentOfWhatLlamaCppAllocatesForIt(string file)
    {
        await using var engine = Engine();
        using var lease = await engine.LeaseAsync(Planned("shared", Path.Combine(TestModels.Directory, file), 2048));
        var model = lease.Client.Model;

        await model.Embeddings.EmbedAsync(["Once upon a time"], CancellationToken.None);

        var predicted = model.Plan!.Embeddings!.TotalBytes;
        var measured = model.Embeddings.Buffers.TotalBytes;
        output.WriteLine($"{file}: chat context {model.Buffers.TotalBytes:N0} bytes; embeddings context predicted {predicted:N0}, measured {measured:N0}");
        Assert.InRange(predicted, measured * 0.95, measured * 1.05);
    }

    [Fact]
    public async Task WhenItDoesNotFitBesideThePlan_EmbeddingsAreRefusedWith503_AndNothingIsMade()
    {
        var roomy = Planned("tiny", OwnModels.Tiny, 512).Planned!.Plan;
        var tight = Planned("tiny", OwnModels.Tiny, 512, freeRam: roomy.Host.TotalBytes + (roomy.Embeddings!.HostBytes / 2));
        Assert.True(tight.Planned!.Plan.Fits);
        Assert.Equal(roomy.Host, tight.Planned.Plan.Host with { FreeBytes = roomy.Host.FreeBytes });
        await using var engine = Engine();
        using var lease = await engine.LeaseAsync(tight);
        var model = lease.Client.Model;
        var ram = model.Cost.RamBytes;

        var refused = await Assert.ThrowsAsync<ModelScaleException>(() => model.Embeddings.EmbedAsync(["hello"], CancellationToken.None));

        Assert.Equal(ErrorKind.Busy, refused.Kind);
        Assert.Equal("insufficient_memory", refused.Code);
        Assert.Contains("embeddings context (512 tokens)", refused.Message, StringComparison.Ordinal);
        Assert.False(model.Embeddings.IsCreated);
        Assert.False(model.Embeddings.IsReserved);
        Assert.Equal(ram, model.Cost.RamBytes);
    }

    [Fact]
    public async Task WithABudget_AnIdleModelMakesRoomForIt_AndAModelInUseDoesNot()
    {
        var tiny = Planned("tiny", OwnModels.Tiny, 512);
        var other = Planned("other", OwnModels.Other, 512);
        var chat = ModelCost.From(tiny.Planned!.Plan).RamBytes + ModelCost.From(other.Planned!.Plan).RamBytes;
        // Room for both models and the embeddings context, less half of the other model: enough once that one is gone.
        var budget = new MemoryBudget(chat + tiny.Planned.Plan.Embeddings!.HostBytes - (ModelCost.From(other.Planned.Plan).RamBytes / 2), []);

        // The other model in use: the embeddings context cannot have its memory, and nothing is unloaded.
        await using (var engine = Engine(budget))
        {
            using var busy = await engine.LeaseAsync(other);
            using var lease = await engine.LeaseAsync(tiny);
            var refused = await Assert.ThrowsAsync<ModelScaleException>(() => lease.Client.Model.Embeddings.EmbedAsync(["hello"], CancellationToken.None));
            Assert.Equal(ErrorKind.Busy, refused.Kind);
            Assert.Contains("'other'", refused.Message, StringComparison.Ordinal);
            Assert.Equal(2, engine.Resident.Count);
        }

        // The other model idle: it is unloaded, as for a load, and the embeddings are made.
        await using (var engine = Engine(budget))
        {
            using (await engine.LeaseAsync(other))
            {
            }

            using var lease = await engine.LeaseAsync(tiny);
            var (vectors, _) = await lease.Client.Model.Embeddings.EmbedAsync(["hello"], CancellationToken.None);
            Assert.Single(vectors);
            Assert.Equal(["tiny"], engine.Resident.Select(m => m.Id));
        }
    }
}
