using Microsoft.Extensions.DependencyInjection;
using ModelScale.Profiles.Catalog;

namespace ModelScale.ChatHost.Hosting;

public static class CatalogServiceCollectionExtensions
{
    /// <summary>Registers the layered profile catalog (built-in, per-user, --catalog) and the models folder.</summary>
    public static IServiceCollection AddModelScaleCatalog(this IServiceCollection services, CommonSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddSingleton<IPlatformEnvironment>(SystemPlatformEnvironment.Instance);
        services.AddSingleton(sp => CatalogPaths.Resolve(sp.GetRequiredService<IPlatformEnvironment>(), settings.ModelsDirectory));
        services.AddSingleton(sp => CatalogLoader.LoadLayers(sp.GetRequiredService<CatalogPaths>(), settings.Catalog, sp.GetRequiredService<IPlatformEnvironment>()));
        services.AddSingleton(sp => new ModelLocator(sp.GetRequiredService<CatalogPaths>().ModelsDirectory));
        return services;
    }
}
