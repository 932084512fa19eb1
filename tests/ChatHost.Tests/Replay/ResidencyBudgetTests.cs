using ModelScale.ChatHost.Replay;
using ModelScale.Profiles.Planning;

namespace ModelScale.ChatHost.Tests.Replay;

public sealed class ResidencyBudgetTests
{
    private const long MiB = 1L << 20;

    private static OffloadPlan Plan(long hostBuffers, long? freeRam, long gpuBytes = 0, long freeVram = 0, bool fits = true) => new()
    {
        Model = "m",
        GpuLayers = gpuBytes > 0 ? 1 : 0,
        TotalLayers = 1,
        RequestedContext = 512,
        Context = 512,
        KvCacheType = KvCacheType.F16,
        BatchSize = 512,
        Parallel = 1,
        MarginBytes = 1024 * MiB,
        Devices = freeVram > 0 ? [new DevicePlan("gpu", freeVram, 0, gpuBytes > 0 ? 1 : 0, gpuBytes, 0, 0, 0)] : [],
        Host = new HostPlan(hostBuffers, 0, 0, 0, 200 * MiB, freeRam),
        Fits = fits,
        Reason = "test",
    };

    [Fact]
    public void TwoPlansThatFitTogether_StayResident_PayingTheProcessOverheadOnce()
    {
        Assert.True(ResidencyBudget.HoldsBoth(Plan(400 * MiB, 1000 * MiB), Plan(400 * MiB, 1000 * MiB)));
    }

    [Fact]
    public void TwoPlansThatDoNotFitTogether_AreNotKept()
    {
        Assert.False(ResidencyBudget.HoldsBoth(Plan(500 * MiB, 1000 * MiB), Plan(400 * MiB, 1000 * MiB)));
    }

    [Fact]
    public void UnknownFreeRam_OrAGpuWithoutRoomForBothWithItsMargin_IsNotKept()
    {
        Assert.False(ResidencyBudget.HoldsBoth(Plan(MiB, null), Plan(MiB, null)));
        Assert.False(ResidencyBudget.HoldsBoth(Plan(MiB, 1L << 40, 3000 * MiB, 8192 * MiB), Plan(MiB, 1L << 40, 5000 * MiB, 8192 * MiB)));
        Assert.True(ResidencyBudget.HoldsBoth(Plan(MiB, 1L << 40, 3000 * MiB, 8192 * MiB), Plan(MiB, 1L << 40, 4000 * MiB, 8192 * MiB)));
    }
}
