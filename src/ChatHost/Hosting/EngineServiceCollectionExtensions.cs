using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelScale.ChatHost.Engine;

namespace ModelScale.ChatHost.Hosting;

public static class EngineServiceCollectionExtensions
{
    /// <summary>Registers the LLamaSharp engine (one per host) and the profile loader in front of it.</summary>
    public static IServiceCollection AddModelScaleEngine(this IServiceCollection services, Action<EngineOptions>? configure = null)
    {
        services.AddOptions<EngineOptions>().Configure(o => configure?.Invoke(o));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IModelEngine, ModelEngine>();
        services.TryAddSingleton<IMemoryInventory, ProcessMemoryInventory>();
        services.AddSingleton<ModelPlanner>();
        services.AddSingleton<ProfileLoader>();
        return services;
    }
}
