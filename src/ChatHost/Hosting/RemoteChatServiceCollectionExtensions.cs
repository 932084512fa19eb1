using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using ModelScale.ChatHost.Sessions;

namespace ModelScale.ChatHost.Hosting;

public static class RemoteChatServiceCollectionExtensions
{
    /// <summary>
    /// Makes the terminal chat talk to a running service (chat --connect): the REPL's session becomes a
    /// <see cref="RemoteChatSession"/>. Call after AddTerminalChat; the last session registered wins.
    /// </summary>
    public static IServiceCollection AddRemoteChatSession(this IServiceCollection services, Uri serviceUrl, string? apiKey)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        services.AddSingleton(_ =>
        {
            // No overall timeout: an answer streams for as long as it takes; Ctrl+C cancels it.
            var http = new HttpClient { BaseAddress = new Uri(serviceUrl.ToString().TrimEnd('/') + "/"), Timeout = Timeout.InfiniteTimeSpan };
            if (apiKey is not null)
            {
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            }

            return new RemoteChatSession(http);
        });
        services.AddSingleton<IChatSession>(sp => sp.GetRequiredService<RemoteChatSession>());
        return services;
    }
}
