using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelScale.Profiles.Catalog;
using ModelScale.Profiles.Hardware;

namespace ModelScale.ChatHost.Engine;

public static class HardwareServiceCollectionExtensions
{
    /// <summary>
    /// Registers GPU detection (NVML, or the override in <paramref name="overrides"/> and MODELSCALE_VRAM) and the host
    /// memory reader, which together give the planner its free memory. The first registration wins, so a verb that takes
    /// --vram registers it before the engine does. Hosts with the engine add llama.cpp's own device list as a second source.
    /// </summary>
    public static IServiceCollection AddModelScaleHardware(this IServiceCollection services, HardwareOverrides overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        services.TryAddSingleton<IPlatformEnvironment>(SystemPlatformEnvironment.Instance);
        services.TryAddSingleton(overrides);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGpuDetector, NvmlGpuDetector>());
        services.TryAddSingleton<GpuInventory>();
        services.TryAddSingleton(sp => new HostMemory(sp.GetRequiredService<IPlatformEnvironment>(), sp.GetRequiredService<HardwareOverrides>()));
        services.TryAddSingleton<IMemoryInventory, HardwareMemoryInventory>();
        return services;
    }

    /// <summary>Adds llama.cpp's device list (ggml_backend_dev_*) as a GPU source; asking it loads LLamaSharp's natives.</summary>
    public static IServiceCollection AddLlamaCppGpuDetector(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGpuDetector, LlamaCppGpuDetector>());
        return services;
    }
}
