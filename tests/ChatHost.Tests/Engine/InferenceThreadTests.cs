using ModelScale.ChatHost.Engine;

namespace ModelScale.ChatHost.Tests.Engine;

public sealed class InferenceThreadTests
{
    [Fact]
    public async Task RunAsync_RunsEveryItemOnTheSameDedicatedThread()
    {
        using var thread = new InferenceThread();

        var ids = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => thread.RunAsync(() => Environment.CurrentManagedThreadId))));

        Assert.Single(ids.Distinct());
        Assert.NotEqual(Environment.CurrentManagedThreadId, ids[0]);
    }

    [Fact]
    public async Task RunAsync_AFailingItem_FaultsItsTask_AndTheThreadGoesOn()
    {
        using var thread = new InferenceThread();

        await Assert.ThrowsAsync<InvalidOperationException>(() => thread.RunAsync<int>(() => throw new InvalidOperationException("boom")));
        Assert.Equal(42, await thread.RunAsync(() => 42));
    }
}
