using Microsoft.Extensions.Options;
using ModelScale.ChatHost.Engine;
using ModelScale.Profiles.Catalog;
using ModelScale.Profiles.Planning;

namespace ModelScale.ChatHost.Tests.Engine;

/// <summary>
/// The tier a first chat offers, chosen from the shipped catalog (models.json) and its built-in shapes on machines of
/// a given memory: the largest whose plan fits on the GPU with a fifth of its free memory to spare, never above 7b.
/// </summary>
public sealed class DefaultTierTests
{
    private const long GiB = 1L << 30;

    private static readonly ProfileCatalog Shipped = CatalogLoader.Load([Path.Combine(AppContext.BaseDirectory, "models.json")]);

    private static TierChoice Choose(long? vram, long ram = 16 * GiB)
    {
        var inventory = new FixedMemoryInventory(vram is { } v ? [new DeviceBudget("gpu", v)] : [], ram);
        var locator = new ModelLocator(Path.Combine(Path.GetTempPath(), $"modelscale-no-models-{Guid.NewGuid():N}"));
        var planner = new ModelPlanner(inventory, Options.Create(new EngineOptions()));
        return new DefaultTier(Shipped, locator, planner, inventory).Choose() ?? throw new InvalidOperationException("The shipped catalog has no downloadable tier.");
    }

    [Fact]
    public void TheShippedCatalog_OffersItsTiers_SmallestFirst_EachWithAPlan()
    {
        var inventory = new FixedMemoryInventory();
        var locator = new ModelLocator(Path.GetTempPath());
        var tiers = new DefaultTier(Shipped, locator, new ModelPlanner(inventory, Options.Create(new EngineOptions())), inventory).Downloadable();

        Assert.Equal(["1b", "7b", "13b", "70b"], tiers.Select(t => t.Id));
    }

    [Fact]
    public void ALaptopWithoutAGpu_Gets1b_AndTheReasonSaysWhy()
    {
        var choice = Choose(vram: null, ram: 16 * GiB);

        Assert.Equal("1b", choice.Profile.Id);
        Assert.NotNull(choice.Plan);
        Assert.True(choice.Plan.Fits, choice.Plan.Reason);
        Assert.True(choice.SizeBytes > 500_000_000, $"{choice.SizeBytes}");
        Assert.Equal("the smallest tier, because no GPU was found, and on the CPU a larger tier answers at a few tokens a second (16.0 GiB of RAM free).", choice.Reason);
    }

    [Fact]
    public void ALaptopGpu_TooSmallFor7bWithRoom_Gets1b()
    {
        var choice = Choose(vram: 4 * GiB, ram: 16 * GiB);

        Assert.Equal("1b", choice.Profile.Id);
        Assert.Equal("the smallest tier, because it fits on the GPU with room to spare, and no larger tier does.", choice.Reason);
    }

    [Fact]
    public void AGpuThatHolds7bWithRoom_Gets7b_And13bIsLeftToProfile_EvenWhenItWouldFit()
    {
        var choice = Choose(vram: 80 * GiB, ram: 128 * GiB);

        Assert.Equal("7b", choice.Profile.Id);
        Assert.StartsWith("the largest tier whose plan fits this machine with room to spare: all ", choice.Reason);
        Assert.Contains(" layers on the GPU, ", choice.Reason);
        Assert.Contains(" of the 80.0 GiB free", choice.Reason);
        Assert.EndsWith("; larger tiers are left to `--profile` (the default stops at 7b).", choice.Reason);
    }

    [Fact]
    public void RoomToSpare_MeansAFifthOfTheFreeVramLeftOver()
    {
        var needed = Choose(vram: 80 * GiB, ram: 128 * GiB).Plan!.GpuBytes;
        var enough = (long)(needed / DefaultTier.GpuShare) + (64L << 20);
        var tight = (long)(needed / DefaultTier.GpuShare) - (64L << 20);

        Assert.Equal("7b", Choose(vram: enough, ram: 64 * GiB).Profile.Id);
        var smaller = Choose(vram: tight, ram: 64 * GiB);
        Assert.Equal("1b", smaller.Profile.Id);
        Assert.True(tight > needed, "The tight GPU still holds 7b, only without room to spare.");
    }

    [Fact]
    public void AMachineWhereNothingFits_IsOfferedTheSmallestTier_WithAWarning()
    {
        var choice = Choose(vram: null, ram: 256L << 20);

        Assert.Equal("1b", choice.Profile.Id);
        Assert.StartsWith("the smallest tier; even it does not fit this machine's free memory (", choice.Reason);
        Assert.EndsWith("), so expect it to fail to load.", choice.Reason);
    }
}
