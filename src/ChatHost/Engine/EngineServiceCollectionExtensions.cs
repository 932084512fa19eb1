using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ModelScale.ChatHost.Engine.Loading;
using ModelScale.ChatHost.Engine.Remote;
using ModelScale.Profiles.Catalog;

namespace ModelScale.ChatHost.Engine;

public static class EngineServiceCollectionExtensions
{
    /// <summary>
    /// Registers the LLamaSharp engine (one per host) and the profile loader in front of it, and plugs llama.cpp's own
    /// device list into GPU detection. The options are checked when the host is built (see ModelScaleHost), so a bad
    /// value is one sentence at start rather than a failure at the first load.
    /// </summary>
    public static IServiceCollection AddModelScaleEngine(this IServiceCollection services, Action<EngineOptions>? configure = null)
    {
        services.AddOptions<EngineOptions>().Configure(o => configure?.Invoke(o)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EngineOptions>, EngineOptionsValidator>());
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
