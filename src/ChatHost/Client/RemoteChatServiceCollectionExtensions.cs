using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using ModelScale.ChatHost.Replay;
using ModelScale.ChatHost.Sessions;

namespace ModelScale.ChatHost.Client;

public static class RemoteChatServiceCollectionExtensions
{
    /// <summary>
    /// Makes the terminal chat talk to a running service (chat --connect): the REPL's session becomes a
    /// <see cref="RemoteChatSession"/>, and /replay plays on the service. Call after AddTerminalChat; the last session
    /// registered wins.
    /// </summary>
    public static IServiceCollection AddRemoteChatSession(this IServiceCollection services, Uri serviceUrl, string? apiKey)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        var http = new HttpClient { BaseAddress = new Uri(serviceUrl.ToString().TrimEnd('/') + "/"), Timeout = Timeout.InfiniteTimeSpan };
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        // No overall timeout: an answer (or a replay) runs for as long as it takes; Ctrl+C cancels it.
        services.AddSingleton(http);
        services.AddSingleton(sp => new RemoteChatSession(sp.GetRequiredService<HttpClient>()));
        services.AddSingleton<IChatSession>(sp => sp.GetRequiredService<RemoteChatSession>());
        services.AddSingleton<IConversationReplay>(sp => new RemoteReplay(sp.GetRequiredService<HttpClient>()));
        return services;
    }
}
