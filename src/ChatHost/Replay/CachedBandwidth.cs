using ModelScale.ChatHost.Bench;
using ModelScale.Profiles.Catalog;

namespace ModelScale.ChatHost.Replay;

/// <summary>The bandwidth `bench` cached for this CPU (bandwidth.json in the bench cache folder), or null.</summary>
public sealed class CachedBandwidth(IPlatformEnvironment env) : IBandwidthSource
{
    public MemoryBandwidth? Read()
    {
        try
        {
            return new BandwidthCache(BenchCacheFolder.Resolve(env, null)).Read(MachineFacts.CpuName());
        }
        catch (BenchException)
        {
            return null;
        }
    }
}
