using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ModelScale.ChatHost.Replay;

public static class ReplayServiceCollectionExtensions
{
    /// <summary>Registers replay: the runner (over the engine, so add the engine too) and the memory probe it samples.</summary>
    public static IServiceCollection AddReplay(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IMemoryProbe, SystemMemoryProbe>();
        services.TryAddSingleton<ISystemLoad, ProcLoadAverage>();
        services.TryAddSingleton<IBandwidthSource, CachedBandwidth>();
        services.TryAddSingleton<ReplayRunner>();
        services.TryAddSingleton<Quality.ReplayJudge>();
        services.TryAddSingleton<IConversationReplay>(sp => sp.GetRequiredService<ReplayRunner>());
        return services;
    }
}
