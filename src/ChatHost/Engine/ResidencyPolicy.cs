namespace ModelScale.ChatHost.Engine;

/// <summary>One resident model as the residency policy sees it.</summary>
/// <param name="Id">Its profile id.</param>
/// <param name="Cost">What it holds in memory.</param>
/// <param name="LastUsed">When it was last used (a <see cref="TimeProvider"/> timestamp).</param>
/// <param name="InUse">True while a request holds it: such a model is never evicted.</param>
/// <param name="KeepAlive">How long it stays loaded after its last use; null keeps it until it is evicted.</param>
public sealed record ResidentEntry(string Id, ModelCost Cost, long LastUsed, bool InUse, TimeSpan? KeepAlive = null);

/// <summary>
/// Which resident models go, as pure functions: least recently used first, never one in use, until a new model fits
/// both the count and the memory budget; and which have sat idle past their keep-alive, and when the next one will.
/// </summary>
public static class ResidencyPolicy
{
    /// <summary>
    /// The models to unload, least recently used first, so that <paramref name="incoming"/> fits beside the rest within
    /// <paramref name="budget"/> and at most <paramref name="maxResident"/> models stay. When that cannot be reached
    /// without unloading a model in use, the idle ones are still chosen and the rest stays (an overshoot that the next
    /// release settles).
    /// </summary>
    public static IReadOnlyList<string> ToEvict(IReadOnlyList<ResidentEntry> resident, ModelCost incoming, MemoryBudget budget, int maxResident)
    {
        ArgumentNullException.ThrowIfNull(resident);
        ArgumentNullException.ThrowIfNull(incoming);
        ArgumentNullException.ThrowIfNull(budget);
        var kept = resident.ToList();
        var evicted = new List<string>();
        foreach (var candidate in resident.Where(r => !r.InUse).OrderBy(r => r.LastUsed))
        {
            if (kept.Count + 1 <= Math.Max(1, maxResident) && Fits(kept, incoming, budget))
            {
                break;
            }

            kept.Remove(candidate);
            evicted.Add(candidate.Id);
        }

        return evicted;
    }

    /// <summary>Models not in use whose last use is at least their own keep-alive ago (never one without a keep-alive).</summary>
    public static IReadOnlyList<string> Idle(IReadOnlyList<ResidentEntry> resident, Func<long, TimeSpan> elapsedSince)
    {
        ArgumentNullException.ThrowIfNull(resident);
        ArgumentNullException.ThrowIfNull(elapsedSince);
        return [.. resident.Where(r => IsIdle(r, elapsedSince)).Select(r => r.Id)];
    }

    /// <summary>Whether a model is not in use and its last use is at least its keep-alive ago.</summary>
    public static bool IsIdle(ResidentEntry entry, Func<long, TimeSpan> elapsedSince)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(elapsedSince);
        return !entry.InUse && entry.KeepAlive is { } keepAlive && elapsedSince(entry.LastUsed) >= keepAlive;
    }

    /// <summary>
    /// How long until the first model not in use passes its keep-alive (zero when one already has); null when none will,
    /// because every model is in use or kept until evicted.
    /// </summary>
    public static TimeSpan? NextExpiry(IReadOnlyList<ResidentEntry> resident, Func<long, TimeSpan> elapsedSince)
    {
        ArgumentNullException.ThrowIfNull(resident);
        ArgumentNullException.ThrowIfNull(elapsedSince);
        TimeSpan? next = null;
        foreach (var entry in resident)
        {
            if (entry.InUse || entry.KeepAlive is not { } keepAlive)
            {
                continue;
            }

            var left = keepAlive - elapsedSince(entry.LastUsed);
            left = left < TimeSpan.Zero ? TimeSpan.Zero : left;
            next = next is { } earlier && earlier <= left ? earlier : left;
        }

        return next;
    }

    /// <summary>Whether the models plus the incoming one stay within the budget, in RAM and on every GPU.</summary>
    public static bool Fits(IEnumerable<ResidentEntry> resident, ModelCost incoming, MemoryBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        var costs = resident.Select(r => r.Cost).Append(incoming).ToList();
        if (budget.RamBytes is { } ram && costs.Sum(c => c.RamBytes) > ram)
        {
            return false;
        }

        for (var gpu = 0; gpu < budget.GpuBytes.Count; gpu++)
        {
            var index = gpu;
            if (costs.Sum(c => index < c.GpuBytes.Count ? c.GpuBytes[index] : 0) > budget.GpuBytes[gpu])
            {
                return false;
            }
        }

        return true;
    }
}
