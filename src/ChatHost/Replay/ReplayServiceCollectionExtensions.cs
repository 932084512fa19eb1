using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelScale.Profiles.Catalog;

namespace ModelScale.ChatHost.Replay;

public static class ReplayServiceCollectionExtensions
{
    /// <summary>Registers replay: the runner (over the engine, so add the engine too) and the memory probe it samples.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="benchCache">The bench cache folder the speed predictions read the bandwidth from (null: bench's default).</param>
    public static IServiceCollection AddReplay(this IServiceCollection services, string? benchCache = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IMemoryProbe, SystemMemoryProbe>();
        services.TryAddSingleton<ISystemLoad, ProcLoadAverage>();
        services.TryAddSingleton<IBandwidthSource>(sp => new CachedBandwidth(sp.GetRequiredService<IPlatformEnvironment>(), benchCache));
        services.TryAddSingleton<ReplayRunner>();
        services.TryAddSingleton<Quality.ReplayJudge>();
        services.TryAddSingleton<IConversationReplay>(sp => sp.GetRequiredService<ReplayRunner>());
        return services;
    }
}
