using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelScale.Profiles.Catalog;
using ModelScale.Profiles.Store;

namespace ModelScale.ChatHost.Terminal;

public static class PullServiceCollectionExtensions
{
    /// <summary>Registers `pull`: the downloader on its own HttpClient, the puller on the models folder, and the progress view.</summary>
    public static IServiceCollection AddModelPull(this IServiceCollection services, PullConsoles consoles)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDiskSpace>(SystemDiskSpace.Instance);
        services.TryAddSingleton(new DownloadOptions());
        services.AddSingleton(_ => DownloadHttpClient.Create());
        services.AddSingleton<ModelDownloader>();
        services.AddSingleton(sp => new ModelPuller(
            sp.GetRequiredService<ModelDownloader>(),
            sp.GetRequiredService<ModelLocator>(),
            sp.GetRequiredService<TimeProvider>(),
            DownloadUrls.HuggingFaceEndpoint(sp.GetRequiredService<IPlatformEnvironment>()),
            sp.GetRequiredService<DownloadOptions>()));
        services.AddSingleton(consoles);
        services.AddSingleton<PullView>();
        return services;
    }
}
