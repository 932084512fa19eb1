using ModelScale.ChatHost.Bench;
using ModelScale.Profiles.Catalog;

namespace ModelScale.ChatHost.Replay;

/// <summary>
/// The bandwidth `bench` cached for this CPU (bandwidth.json in the bench cache folder), or null. The folder is decided
/// as bench decides it (<see cref="BenchCacheFolder"/>): <paramref name="folder"/> (replay's and advise's --bench-cache,
/// bench's --cache-dir), else MODELSCALE_BENCH_CACHE, else the per-user cache.
/// </summary>
public sealed class CachedBandwidth(IPlatformEnvironment env, string? folder = null) : IBandwidthSource
{
    public MemoryBandwidth? Read()
    {
        try
        {
            return new BandwidthCache(BenchCacheFolder.Resolve(env, folder)).Read(MachineFacts.CpuName());
        }
        catch (BenchException)
        {
            return null;
        }
    }
}
