using Microsoft.Extensions.DependencyInjection;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Terminal;

namespace ModelScale.ChatHost.Commands;

internal static class FirstChatServiceCollectionExtensions
{
    /// <summary>Registers what a first chat needs to offer a download: the tier chooser and `pull`, its progress on the chat's status console.</summary>
    public static IServiceCollection AddFirstChat(this IServiceCollection services, ReplConsoles consoles)
    {
        ArgumentNullException.ThrowIfNull(consoles);
        services.AddModelPull(new PullConsoles(consoles.Status, consoles.Status, consoles.Interactive));
        services.AddSingleton<DefaultTier>();
        services.AddSingleton<FirstChat>();
        return services;
    }
}
