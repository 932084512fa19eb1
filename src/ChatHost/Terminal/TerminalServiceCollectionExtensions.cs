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
        if (consoles.Interactive)
        {
            services.AddSingleton(sp => new LineEditor(
                ConsoleKeyReader.Instance,
                Console.Out,
                new LineHistory(HistoryPath(sp), consoles.Warning),
                TerminalWidth));
        }

        return services;
    }

    /// <summary>The input history in the per-user data folder, or null (this session only) when there is no home folder.</summary>
    private static string? HistoryPath(IServiceProvider services)
    {
        var env = services.GetService<Profiles.Catalog.IPlatformEnvironment>() ?? Profiles.Catalog.SystemPlatformEnvironment.Instance;
        return Profiles.Catalog.CatalogPaths.DataFolder(env) is { } folder ? Path.Combine(folder, LineHistory.FileName) : null;
    }

    private static int TerminalWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 80;
        }
        catch (IOException)
        {
            return 80;
        }
    }

    /// <summary>Registers the progress view the `replay` verb shows, on the given consoles.</summary>
    public static IServiceCollection AddReplayView(this IServiceCollection services, ReplayConsoles consoles)
    {
        services.AddSingleton(consoles);
        services.AddSingleton<ReplayView>();
        return services;
    }
}
