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
        var options = new EngineOptions { Threads = 2, MaxResident = 3 };
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
