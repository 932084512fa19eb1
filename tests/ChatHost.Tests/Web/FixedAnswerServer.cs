using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ModelScale.ChatHost.Tests.Web;

/// <summary>
/// An OpenAI-compatible endpoint on 127.0.0.1 that streams one fixed answer, a few characters per chunk, whatever it is
/// asked: a remote tier whose answer the test chooses (markup, for the page's rendering).
/// </summary>
internal sealed class FixedAnswerServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FixedAnswerServer(WebApplication app) => _app = app;

    /// <summary>The base URL a remote tier names (ends in /v1).</summary>
    public Uri BaseUrl => new(new Uri(_app.Urls.First()), "v1");

    public static async Task<FixedAnswerServer> StartAsync(string answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/v1/chat/completions", async (HttpContext http) =>
        {
            http.Response.ContentType = "text/event-stream";
            for (var i = 0; i < answer.Length; i += 7)
            {
                await WriteAsync(http, Chunk(new { role = "assistant", content = answer.Substring(i, Math.Min(7, answer.Length - i)) }, null));
            }

            await WriteAsync(http, Chunk(new { }, "stop"));
            await http.Response.WriteAsync("data: [DONE]\n\n");
        });
        await app.StartAsync();
        return new FixedAnswerServer(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static string Chunk(object delta, string? finish) => JsonSerializer.Serialize(new
    {
        id = "fixed",
        @object = "chat.completion.chunk",
        created = 0,
        model = "fixed",
        choices = new[] { new { index = 0, delta, finish_reason = finish } },
    });

    private static async Task WriteAsync(HttpContext http, string json)
    {
        await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes($"data: {json}\n\n"));
        await http.Response.Body.FlushAsync();
    }
}
