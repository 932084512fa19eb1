using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ModelScale.ChatHost.Api;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Sessions;

namespace ModelScale.ChatHost.Hosting;

public static class ApiServiceCollectionExtensions
{
    /// <summary>Registers what the API's endpoints use: the serve options, the per-request profile clients and the metrics.</summary>
    public static IServiceCollection AddModelScaleApi(this IServiceCollection services, ServeOptions serve)
    {
        ArgumentNullException.ThrowIfNull(serve);
        services.AddSingleton(Options.Create(serve));
        services.TryAddSingleton(sp =>
        {
            var monitor = ActivatorUtilities.CreateInstance<GenerationMonitor>(sp);
            var engine = sp.GetRequiredService<IModelEngine>();
            monitor.WaitingSource = () => engine.Waiting;
            return monitor;
        });
        services.AddSingleton<ProfileClients>();
        return services;
    }
}
