using Microsoft.Extensions.DependencyInjection;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Engine.Loading;
using ModelScale.ChatHost.Engine.Remote;
using ModelScale.Profiles.Catalog;

namespace ModelScale.ChatHost.Hosting;

public static class EngineServiceCollectionExtensions
{
    /// <summary>
    /// Registers the LLamaSharp engine (one per host) and the profile loader in front of it, and plugs llama.cpp's own
    /// device list into GPU detection.
    /// </summary>
    public static IServiceCollection AddModelScaleEngine(this IServiceCollection services, Action<EngineOptions>? configure = null)
    {
        services.AddOptions<EngineOptions>().Configure(o => configure?.Invoke(o));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IModelEngine, ModelEngine>();
        services.AddModelScaleHardware(new Profiles.Hardware.HardwareOverrides());
        services.AddSingleton<ModelPlanner>();
        services.AddSingleton(sp => new ModelProbeVerdicts(CatalogPaths.DataFolder(sp.GetRequiredService<IPlatformEnvironment>())));
        services.AddSingleton<ModelProbe>();
        services.AddSingleton<ProfileLoader>();
        services.AddSingleton<RemoteClientFactory>();
        services.AddLlamaCppGpuDetector();
        return services;
    }
}
