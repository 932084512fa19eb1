using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelScale.Profiles.Catalog;
using ModelScale.Profiles.Store;

namespace ModelScale.ChatHost.Api.Ollama;

public static class OllamaServiceCollectionExtensions
{
    /// <summary>Registers what the Ollama endpoints use beyond the API's own: the model facts and the puller of /api/pull.</summary>
    public static IServiceCollection AddOllamaApi(this IServiceCollection services)
    {
        services.TryAddSingleton<OllamaModelFacts>();
        services.TryAddSingleton(sp =>
        {
            var time = sp.GetRequiredService<TimeProvider>();
            var options = sp.GetService<DownloadOptions>() ?? new DownloadOptions();
            var downloader = new ModelDownloader(DownloadHttpClient.Create(), sp.GetService<IDiskSpace>() ?? SystemDiskSpace.Instance, time, options);
            return new ModelPuller(
                downloader,
                sp.GetRequiredService<ModelLocator>(),
                time,
                DownloadUrls.HuggingFaceEndpoint(sp.GetRequiredService<IPlatformEnvironment>()),
                options);
        });
        return services;
    }
}
