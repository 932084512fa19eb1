using Microsoft.Extensions.DependencyInjection;
using ModelScale.ChatHost.Sessions;
using ModelScale.ChatHost.Terminal;

namespace ModelScale.ChatHost.Hosting;

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
}
