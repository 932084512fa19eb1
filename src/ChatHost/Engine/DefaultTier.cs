using ModelScale.Profiles.Catalog;
using ModelScale.Profiles.Planning;
using ModelScale.Profiles.Units;

namespace ModelScale.ChatHost.Engine;

/// <summary>A tier the first chat offers to download, with what its plan says about this machine and why it was chosen.</summary>
/// <param name="Profile">The catalog profile.</param>
/// <param name="SizeBytes">Its file size: the catalog's, else the size of its built-in shape's tensors (an estimate), else null.</param>
/// <param name="Plan">How it would load here, when a header (its shape's) was there to plan from.</param>
/// <param name="Reason">One sentence: why this tier and not a larger or smaller one.</param>
public sealed record TierChoice(ModelProfile Profile, long? SizeBytes, OffloadPlan? Plan, string Reason);

/// <summary>
/// Picks the tier a first chat downloads: the largest catalog tier whose plan fits this machine with room to spare,
/// capped at the 7B class. Room to spare means the whole model, output head included, sits on the GPUs and leaves a
/// fifth of their free memory unused; without a GPU that holds one, only the smallest tier is chosen (a larger one on
/// the CPU answers at a few tokens a second). When nothing fits with room, the smallest tier is offered anyway, and the
/// reason says so.
/// </summary>
public sealed class DefaultTier(ProfileCatalog catalog, ModelLocator locator, ModelPlanner planner, IMemoryInventory inventory)
{
    /// <summary>Tiers above this many parameters (the 7B class) are never chosen by default; `--profile 13b` asks for one.</summary>
    public const long MaxDefaultParameters = 8_500_000_000;

    /// <summary>The share of free VRAM a default tier may use.</summary>
    public const double GpuShare = 0.8;

    /// <summary>The tiers that can be downloaded (a source, no fixed path, not remote), smallest first.</summary>
    public IReadOnlyList<ModelProfile> Downloadable() => catalog.Profiles
        .Where(p => p.Remote is null && string.IsNullOrWhiteSpace(p.Path) && p.Source is not null)
        .OrderBy(p => p.Parameters ?? p.SizeBytes ?? long.MaxValue)
        .ToList();

    /// <summary>The tier to offer, or null when the catalog has none that can be downloaded.</summary>
    public TierChoice? Choose()
    {
        var tiers = Downloadable();
        if (tiers.Count == 0)
        {
            return null;
        }

        var memory = inventory.Read();
        var candidates = tiers.Select(Describe).ToList();
        var smallest = candidates[0];
        var comfortable = candidates
            .Where(c => (c.Profile.Parameters ?? 0) <= MaxDefaultParameters && FitsOnGpus(c.Plan, memory))
            .LastOrDefault();
        var capped = candidates.Any(c => (c.Profile.Parameters ?? 0) > MaxDefaultParameters && FitsOnGpus(c.Plan, memory));

        if (comfortable is not null && comfortable != smallest)
        {
            var plan = comfortable.Plan!;
            var free = memory.Devices.Sum(d => d.FreeBytes);
            var why = $"the largest tier whose plan fits this machine with room to spare: all {plan.TotalLayers} layers on the GPU, "
                + $"{ByteSize.Format(plan.GpuBytes)} of the {ByteSize.Format(free)} free";
            return comfortable with { Reason = $"{why}{(capped ? $"; larger tiers are left to `--profile` (the default stops at {Cap(tiers)})" : string.Empty)}." };
        }

        if (smallest.Plan is { Fits: false } tight)
        {
            return smallest with { Reason = $"the smallest tier; even it does not fit this machine's free memory ({tight.Reason}), so expect it to fail to load." };
        }

        var room = memory.Devices.Count == 0
            ? $"no GPU was found, and on the CPU a larger tier answers at a few tokens a second ({FreeRam(memory)})"
            : comfortable is null
                ? $"no GPU here holds a larger tier with room to spare ({string.Join(", ", memory.Devices.Select(d => $"{d.Name}: {ByteSize.Format(d.FreeBytes)} free"))})"
                : "it fits on the GPU with room to spare, and no larger tier does";
        return smallest with { Reason = $"the smallest tier, because {room}." };
    }

    private TierChoice Describe(ModelProfile profile)
    {
        OffloadPlan? plan = null;
        long? size = profile.SizeBytes;
        try
        {
            var (_, header, _) = ProfileHeaders.Read(profile, locator);
            plan = planner.Plan(header, ProfileHeaders.DefaultContext(profile, header)).Plan;
            size ??= header.TensorDataBytes;
        }
        catch (CatalogException)
        {
            // No shape to plan from and not on disk: offered by its place in the catalog, without a plan.
        }

        return new TierChoice(profile, size, plan, string.Empty);
    }

    private static bool FitsOnGpus(OffloadPlan? plan, MemorySnapshot memory)
    {
        if (plan is not { Fits: true, FullOffload: true } || memory.Devices.Count == 0)
        {
            return false;
        }

        return plan.Devices.Zip(memory.Devices).All(pair => pair.First.TotalBytes <= pair.Second.FreeBytes * GpuShare);
    }

    private static string FreeRam(MemorySnapshot memory) => memory.FreeRamBytes is { } ram ? $"{ByteSize.Format(ram)} of RAM free" : "free RAM unknown";

    private static string Cap(IReadOnlyList<ModelProfile> tiers) =>
        tiers.LastOrDefault(t => (t.Parameters ?? 0) <= MaxDefaultParameters)?.Id ?? "7b";
}
