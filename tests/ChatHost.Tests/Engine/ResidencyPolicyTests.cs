using ModelScale.ChatHost.Engine;

namespace ModelScale.ChatHost.Tests.Engine;

public sealed class ResidencyPolicyTests
{
    private static readonly MemoryBudget Ram10 = new(10, []);

    private static ResidentEntry Entry(string id, long ram, long lastUsed, bool inUse = false, long gpu = 0) =>
        new(id, new ModelCost(ram, gpu > 0 ? [gpu] : []), lastUsed, inUse);

    [Fact]
    public void WhenTheNewModelFits_NothingIsEvicted() =>
        Assert.Empty(ResidencyPolicy.ToEvict([Entry("a", 3, 1), Entry("b", 3, 2)], new ModelCost(4, []), Ram10, maxResident: 3));

    [Fact]
    public void OverTheRamBudget_TheLeastRecentlyUsedGoFirst_UntilItFits() =>
        Assert.Equal(["a", "c"], ResidencyPolicy.ToEvict([Entry("b", 3, 5), Entry("a", 3, 1), Entry("c", 3, 2)], new ModelCost(6, []), Ram10, maxResident: 9));

    [Fact]
    public void AModelInUse_IsNeverEvicted() =>
        Assert.Equal(["b"], ResidencyPolicy.ToEvict([Entry("a", 4, 1, inUse: true), Entry("b", 4, 2)], new ModelCost(4, []), Ram10, maxResident: 9));

    [Fact]
    public void TheCount_IsKeptLikeChatsTwoResidentModels() =>
        Assert.Equal(["old"], ResidencyPolicy.ToEvict([Entry("new", 0, 9), Entry("old", 0, 1)], ModelCost.None, MemoryBudget.Unlimited, maxResident: 2));

    [Fact]
    public void EachGpu_IsBudgetedOnItsOwn()
    {
        var budget = new MemoryBudget(null, [8]);
        Assert.Empty(ResidencyPolicy.ToEvict([Entry("a", 100, 1, gpu: 4)], new ModelCost(100, [4]), budget, 9));
        Assert.Equal(["a"], ResidencyPolicy.ToEvict([Entry("a", 100, 1, gpu: 5)], new ModelCost(100, [4]), budget, 9));
    }

    [Fact]
    public void Idle_IsEveryModelNotInUseLongerThanItsOwnKeepAlive()
    {
        var now = 100L;
        var minute = TimeSpan.FromSeconds(60);
        var idle = ResidencyPolicy.Idle(
            [Entry("fresh", 1, 99) with { KeepAlive = minute }, Entry("stale", 1, 10) with { KeepAlive = minute }, Entry("busy", 1, 0, inUse: true) with { KeepAlive = minute },
             Entry("long", 1, 10) with { KeepAlive = TimeSpan.FromHours(1) }, Entry("forever", 1, 0), Entry("zero", 1, 100) with { KeepAlive = TimeSpan.Zero }],
            since => TimeSpan.FromSeconds(now - since));
        Assert.Equal(["stale", "zero"], idle);
    }

    [Fact]
    public void NextExpiry_IsTheSoonestKeepAliveToRunOut_AmongModelsNotInUse()
    {
        Func<long, TimeSpan> elapsed = since => TimeSpan.FromSeconds(100 - since);

        Assert.Equal(TimeSpan.FromSeconds(30), ResidencyPolicy.NextExpiry(
            [Entry("a", 1, 90) with { KeepAlive = TimeSpan.FromSeconds(60) }, Entry("b", 1, 80) with { KeepAlive = TimeSpan.FromSeconds(50) }, Entry("busy", 1, 99, inUse: true) with { KeepAlive = TimeSpan.Zero }, Entry("forever", 1, 0)],
            elapsed));
        Assert.Equal(TimeSpan.Zero, ResidencyPolicy.NextExpiry([Entry("overdue", 1, 0) with { KeepAlive = TimeSpan.FromSeconds(10) }], elapsed));
        Assert.Null(ResidencyPolicy.NextExpiry([Entry("forever", 1, 0), Entry("busy", 1, 0, inUse: true) with { KeepAlive = TimeSpan.Zero }], elapsed));
    }

    [Fact]
    public void Queue_AllowsOneRunningAndTheQueueLength_ThenRefuses()
    {
        var queue = new ModelRequestQueue(queueLength: 2);
        using var running = queue.Enter("a");
        using var waiting1 = queue.Enter("a");
        var waiting2 = queue.Enter("a");
        using var other = queue.Enter("b");

        Assert.Equal(2, queue.Waiting);
        Assert.Throws<ModelBusyException>(() => queue.Enter("a"));
        waiting2.Dispose();
        waiting2.Dispose();
        using var again = queue.Enter("a");
    }

    [Fact]
    public void Queue_ForABatchedModel_AnswersItsSequencesAtOnce_AndQueuesBehindThem()
    {
        var queue = new ModelRequestQueue(queueLength: 1, answering: 3);
        var tickets = Enumerable.Range(0, 3).Select(_ => queue.Enter("a")).ToList();
        Assert.Equal(0, queue.Waiting);

        using var waiting = queue.Enter("a");
        Assert.Equal(1, queue.Waiting);
        Assert.Throws<ModelBusyException>(() => queue.Enter("a"));

        tickets[0].Dispose();
        using var next = queue.Enter("a");
        Assert.Equal(1, queue.Waiting);
    }

    [Fact]
    public void Queue_OnceAModelIsLoadedForFewerSequences_AnswersOnlyThatMany()
    {
        var queue = new ModelRequestQueue(queueLength: 1, answering: 4);
        queue.SetAnswering("a", 1);
        using var running = queue.Enter("a");
        using var waiting = queue.Enter("a");

        Assert.Equal(1, queue.Waiting);
        Assert.Throws<ModelBusyException>(() => queue.Enter("a"));
    }
}
