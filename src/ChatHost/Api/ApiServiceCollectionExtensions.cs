using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Sessions;
using ModelScale.ChatHost.Sessions.Store;
using ModelScale.Profiles.Catalog;

namespace ModelScale.ChatHost.Api;

public static class ApiServiceCollectionExtensions
{
    /// <summary>Registers what the API's endpoints use: the serve options, the per-request profile clients and the metrics.</summary>
    public static IServiceCollection AddModelScaleApi(this IServiceCollection services, ServeOptions serve)
    {
        ArgumentNullException.ThrowIfNull(serve);
        services.AddSingleton(Options.Create(serve));

        // The one mapping of errors to statuses; the streaming endpoints also use it for an error after their first event.
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddSingleton<ApiExceptionHandler>();
        services.TryAddSingleton(sp =>
        {
            var monitor = ActivatorUtilities.CreateInstance<GenerationMonitor>(sp);
            var engine = sp.GetRequiredService<IModelEngine>();
            monitor.WaitingSource = () => engine.Waiting;
            return monitor;
        });
        services.AddSingleton<ProfileClients>();
        services.AddSingleton(sp =>
        {
            var folder = CatalogPaths.FromUser(sp.GetRequiredService<IPlatformEnvironment>(), serve.DataDirectory)
                ?? CatalogPaths.FromUser(sp.GetRequiredService<IPlatformEnvironment>(), sp.GetRequiredService<IPlatformEnvironment>().GetEnvironmentVariable(ServeOptions.DataDirectoryVariable))
                ?? CatalogPaths.DataFolder(sp.GetRequiredService<IPlatformEnvironment>())
                ?? throw new CatalogException($"Cannot work out a data folder because no home folder is known; pass --data-dir or set {ServeOptions.DataDirectoryVariable}.");
            return new SessionStore(Path.Combine(folder, SessionStore.FileName), sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton(new SessionLimits(serve.MaxTokensLimit));
        services.AddSingleton<SessionHub>();
        return services;
    }
}
