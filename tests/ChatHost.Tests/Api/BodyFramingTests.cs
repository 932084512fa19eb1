using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace ModelScale.ChatHost.Tests.Api;

/// <summary>
/// Bodies Kestrel cannot read (broken chunking, a body cut short, one slower than the minimum data rate) are the
/// client's mistake: 400 or 408 with an error body, never a 500. The status the server set is recorded on its side too,
/// because a client that closed its half of the connection cannot read the answer.
/// </summary>
public sealed class BodyFramingTests : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, int> _statuses = new(StringComparer.Ordinal);

    private ServeInstance? _serve;

    private ServeInstance Serve => _serve!;

    public async Task InitializeAsync() => _serve = await ServeInstance.StartAsync(services: s =>
    {
        s.Configure<KestrelServerOptions>(o => o.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 200, gracePeriod: TimeSpan.FromSeconds(1.1)));
        s.AddSingleton<IStartupFilter>(new StatusRecorder(_statuses));
    });

    public async Task DisposeAsync() => await _serve!.DisposeAsync();

    [Theory]
    [InlineData("chunk-size", "zz\r\n{\"model\"\r\n0\r\n\r\n")]
    [InlineData("chunk-short", "9\r\n{\"model\"\r\n0\r\n\r\n")]
    [InlineData("chunk-huge", "ffffffffffffffffff\r\n{}\r\n0\r\n\r\n")]
    public async Task AMalformedOrShortChunk_Is400WithAnErrorBody(string test, string chunks)
    {
        var (status, body) = await RawHttp.SendAsync(Serve.BaseUrl, Head(test), [(TimeSpan.Zero, System.Text.Encoding.ASCII.GetBytes(chunks))]);

        await ServerStatusAsync(test);
        Assert.True(status == 400, $"{status}: {body} {StatusRecorder.Errors.GetValueOrDefault(test)}");
        Assert.Contains("\"code\":\"invalid_body\"", body, StringComparison.Ordinal);
        Assert.Equal(400, await ServerStatusAsync(test));
    }

    /// <summary>The client closed its side mid-body: nobody is left to answer, so the request ends as the client's (400, or 499 "client closed"), never as a server error.</summary>
    [Fact]
    public async Task AChunkedBodyCutShort_IsTheClients_NotAServerError()
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(Serve.BaseUrl.Host, Serve.BaseUrl.Port);
        await tcp.GetStream().WriteAsync(System.Text.Encoding.ASCII.GetBytes(Head("cut-short")));
        await tcp.GetStream().WriteAsync("40\r\n{\"model\":\"stories\",\"mess"u8.ToArray());
        tcp.Client.Shutdown(System.Net.Sockets.SocketShutdown.Send);

        Assert.Contains(await ServerStatusAsync("cut-short"), new[] { 400, 499 });
    }

    [Fact]
    public async Task ABodySlowerThanTheMinimumRate_Is408WithAnErrorBody()
    {
        var trickle = Enumerable.Range(0, 10).Select(_ => (TimeSpan.FromMilliseconds(700), " "u8.ToArray()));

        var (status, body) = await RawHttp.SendAsync(
            Serve.BaseUrl,
            RawHttp.Head(Serve.BaseUrl, "POST", "/v1/chat/completions", "Content-Type: application/json", "Content-Length: 2000", "X-Test: slow"),
            [(TimeSpan.Zero, "{\"model\":"u8.ToArray()), .. trickle]);

        Assert.Equal(408, await ServerStatusAsync("slow"));
        Assert.True(status == 408, $"{status}: {body}");
        Assert.Contains("\"code\":\"request_timeout\"", body, StringComparison.Ordinal);
    }

    private string Head(string test) =>
        RawHttp.Head(Serve.BaseUrl, "POST", "/v1/chat/completions", "Content-Type: application/json", "Transfer-Encoding: chunked", $"X-Test: {test}");

    private async Task<int> ServerStatusAsync(string test)
    {
        for (var waited = 0; waited < 200; waited++)
        {
            if (_statuses.TryGetValue(test, out var status))
            {
                return status;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"the server finished no request marked {test}");
    }

    /// <summary>Records, by the X-Test header, the status each request ended with on the server.</summary>
    private sealed class StatusRecorder(ConcurrentDictionary<string, int> statuses) : IStartupFilter
    {
        public static ConcurrentDictionary<string, string> Errors { get; } = new();

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (HttpContext context, RequestDelegate rest) =>
            {
                try
                {
                    await rest(context);
                }
                finally
                {
                    if (context.Request.Headers.TryGetValue("X-Test", out var test))
                    {
                        statuses[test.ToString()] = context.Response.StatusCode;
                        if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error is { } error)
                        {
                            Errors[test.ToString()] = error.ToString();
                        }
                    }
                }
            });
            next(app);
        };
    }
}
