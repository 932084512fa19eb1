using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelScale.ChatHost.Replay;
using ModelScale.ChatHost.Terminal;

namespace ModelScale.ChatHost.Hosting;

public static class ReplayServiceCollectionExtensions
{
    /// <summary>
    /// Registers replay: the runner (over the engine, so add the engine too), the memory probe it samples, and, when
    /// consoles are given, the progress view the `replay` verb shows.
    /// </summary>
    public static IServiceCollection AddReplay(this IServiceCollection services, ReplayConsoles? consoles = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IMemoryProbe, SystemMemoryProbe>();
        services.TryAddSingleton<ReplayRunner>();
        services.TryAddSingleton<IConversationReplay>(sp => sp.GetRequiredService<ReplayRunner>());
        if (consoles is not null)
        {
            services.AddSingleton(consoles);
            services.AddSingleton<ReplayView>();
        }

        return services;
    }
}
