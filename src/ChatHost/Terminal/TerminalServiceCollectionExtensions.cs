using Microsoft.Extensions.DependencyInjection;
using ModelScale.ChatHost.Sessions;

namespace ModelScale.ChatHost.Terminal;

public static class TerminalServiceCollectionExtensions
{
    /// <summary>Registers the terminal chat: an in-process session and the REPL on the given consoles and input.</summary>
    public static IServiceCollection AddTerminalChat(this IServiceCollection services, ReplConsoles consoles, TextReader input, ReplOptions options)
    {
        services.AddSingleton(consoles);
        services.AddSingleton(options);
        services.AddSingleton(input);
        services.AddSingleton<InterruptHandler>();
        services.AddSingleton<IChatSession, LocalChatSession>();
        services.AddSingleton<ChatRepl>();
        return services;
    }

    /// <summary>Registers the progress view the `replay` verb shows, on the given consoles.</summary>
    public static IServiceCollection AddReplayView(this IServiceCollection services, ReplayConsoles consoles)
    {
        services.AddSingleton(consoles);
        services.AddSingleton<ReplayView>();
        return services;
    }
}
