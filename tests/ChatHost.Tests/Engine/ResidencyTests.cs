using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ModelScale.ChatHost.Engine;
using ModelScale.Profiles.Gguf;
using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Engine;

/// <summary>The engine as the service runs it: keep-alive on a fake clock, a memory budget, leases.</summary>
public sealed class ResidencyTests
{
    private static readonly ModelPlanner Planner = new(new FixedMemoryInventory(), Options.Create(new EngineOptions()));

    private static ModelLoadRequest Planned(string id, string path, int context)
    {
        var planned = Planner.Plan(GgufReader.Read(path), context);
        return new ModelLoadRequest(id, id, path, planned.Plan.Context, null, planned);
    }

    private static ModelEngine Engine(TimeProvider time, Action<EngineOptions> configure)
    {
        var options = new EngineOptions { Threads = 1, MaxResident = 3 };
        configure(options);
        return new ModelEngine(Options.Create(options), time, NullLogger<ModelEngine>.Instance);
    }

    [Fact]
    public async Task AnIdleModel_IsUnloadedAfterTheKeepAlive_ButNotWhileLeased()
    {
        var time = new FakeTimeProvider();
        using var engine = Engine(time, o => o.KeepAlive = TimeSpan.FromMinutes(5));

        using (await engine.LeaseAsync(EngineFactory.Stories()))
        {
            time.Advance(TimeSpan.FromMinutes(10));
            Assert.Single(engine.Resident);
        }

        time.Advance(TimeSpan.FromMinutes(4));
        Assert.Single(engine.Resident);
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Empty(engine.Resident);

        // Asked again, it loads again.
        using var lease = await engine.LeaseAsync(EngineFactory.Stories());
        Assert.Single(engine.Resident);
    }

    [Fact]
    public async Task ALeasesKeepAlive_ReplacesTheEngines_AndStaysUntilAnotherAsksOtherwise()
    {
        var time = new FakeTimeProvider();
        using var engine = Engine(time, o => o.KeepAlive = TimeSpan.FromMinutes(5));
        var request = EngineFactory.Stories();

        // Asked for a minute: gone a minute after its last use, not the engine's five.
        using (await engine.LeaseAsync(request, ModelKeepAlive.For(TimeSpan.FromMinutes(1))))
        {
        }

        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Single(engine.Resident);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(engine.Resident);

        // Asked for three days, then used without asking: it keeps the three days (longer than the timer's longest wait).
        using (await engine.LeaseAsync(request, ModelKeepAlive.For(TimeSpan.FromDays(3))))
        {
        }

        using (await engine.LeaseAsync(request))
        {
        }

        Assert.Equal(TimeSpan.FromDays(3), ResidentModels.Of(engine).Single().KeepAlive);
        time.Advance(TimeSpan.FromDays(2.9));
        Assert.Single(engine.Resident);
        time.Advance(TimeSpan.FromDays(0.2));
        Assert.Empty(engine.Resident);
    }

    [Fact]
    public async Task KeptForever_AModelStays_AndZero_UnloadsItAsItsLastLeaseEnds()
    {
        var time = new FakeTimeProvider();
        using var engine = Engine(time, o => o.KeepAlive = TimeSpan.FromMinutes(5));
        var request = EngineFactory.Stories();

        using (await engine.LeaseAsync(request, ModelKeepAlive.Forever))
        {
        }

        time.Advance(TimeSpan.FromDays(400));
        Assert.Null(Assert.Single(ResidentModels.Of(engine)).KeepAlive);

        // Zero, while another request holds the model: it goes when the last of them is done, at once.
        var other = await engine.LeaseAsync(request);
        using (await engine.LeaseAsync(request, ModelKeepAlive.None))
        {
        }

        Assert.Single(engine.Resident);
        other.Dispose();
        Assert.Empty(engine.Resident);
    }

    [Fact]
    public async Task OverTheMemoryBudget_TheLeastRecentlyUsedModelMakesRoom()
    {
        var stories = Planned("stories", OwnModels.Tiny, 512);
        var tiny = Planned("tiny", OwnModels.Other, 512);
        var storiesCost = ModelCost.From(stories.Planned!.Plan).RamBytes;
        var tinyCost = ModelCost.From(tiny.Planned!.Plan).RamBytes;
        using var engine = Engine(TimeProvider.System, o => o.MemoryBudget = new MemoryBudget(Math.Max(storiesCost, tinyCost) + 1, []));

        using (await engine.LeaseAsync(stories))
        {
        }

        using (await engine.LeaseAsync(tiny))
        {
        }

        Assert.Equal(["tiny"], engine.Resident.Select(m => m.Id));
    }

    [Fact]
    public async Task AFullQueue_RefusesAtOnce_AndFreesItsPlaceWhenDone()
    {
        using var engine = Engine(TimeProvider.System, o => o.QueueLength = 1);
        var request = EngineFactory.Stories();
        var first = await engine.LeaseAsync(request);
        var second = await engine.LeaseAsync(request);

        await Assert.ThrowsAsync<ModelBusyException>(() => engine.LeaseAsync(request));
        Assert.Equal(1, engine.Waiting);

        first.Dispose();
        second.Dispose();
        using var third = await engine.LeaseAsync(request);
    }
}
