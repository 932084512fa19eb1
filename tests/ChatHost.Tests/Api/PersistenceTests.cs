using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Api;

/// <summary>Sessions outlive the process: a graceful restart, a graceful stop mid-answer, and kill -9.</summary>
public sealed class PersistenceTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), $"modelscale-data-{Guid.NewGuid():N}");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact]
    public async Task ARestartedService_ListsTheSameSessionsWithTheirMessages()
    {
        string id;
        string answer;
        await using (var first = await ServeInstance.StartAsync(dataDirectory: _data))
        {
            using var http = first.CreateHttpClient();
            id = await NativeApi.CreateSessionAsync(http, """{"profile":"stories","title":"kept","maxTokens":5}""");
            await NativeApi.CreateSessionAsync(http, """{"title":"empty"}""");
            (answer, _) = await NativeApi.SendAsync(http, id, "Hello");
        }

        await using var second = await ServeInstance.StartAsync(dataDirectory: _data);
        using var again = second.CreateHttpClient();
        var sessions = (await NativeApi.GetAsync(again, "/api/sessions")).EnumerateArray().ToList();
        Assert.Equal(["empty", "kept"], sessions.Select(s => s.GetProperty("title").GetString()).Order());
        var messages = (await NativeApi.GetAsync(again, $"/api/sessions/{id}")).GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(("Hello", answer), (messages[0].GetProperty("content").GetString(), messages[1].GetProperty("content").GetString()));

        // The restored session goes on where it was: the next answer sees the first exchange.
        var (_, stats) = await NativeApi.SendAsync(again, id, "More");
        Assert.True(stats.GetProperty("promptTokens").GetInt32() > 10);
        Assert.Equal(4, (await NativeApi.GetAsync(again, $"/api/sessions/{id}")).GetProperty("session").GetProperty("messageCount").GetInt32());
    }

    [Fact]
    public async Task AGracefulStopMidAnswer_CancelsItAndStoresThePartialAnswerAsIncomplete()
    {
        string id;
        var stopped = Stopwatch.StartNew();
        await using (var serve = await ServeInstance.StartAsync(dataDirectory: _data))
        {
            var http = serve.CreateHttpClient();
            id = await NativeApi.CreateSessionAsync(http, """{"profile":"tiny","maxTokens":4000}""");
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{id}/messages") { Content = new StringContent("""{"content":"Go on"}""", System.Text.Encoding.UTF8, "application/json") };
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            for (var events = 0; events < 5;)
            {
                events += (await reader.ReadLineAsync())!.StartsWith("data: ", StringComparison.Ordinal) ? 1 : 0;
            }

            stopped.Restart();
            await serve.StopAsync();
            stopped.Stop();
        }

        Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(3), $"stopping took {stopped.Elapsed.TotalMilliseconds:F0} ms");
        await using var again = await ServeInstance.StartAsync(dataDirectory: _data);
        var messages = (await NativeApi.GetAsync(again.CreateHttpClient(), $"/api/sessions/{id}")).GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(2, messages.Count);
        Assert.True(messages[1].GetProperty("incomplete").GetBoolean());
        Assert.NotEmpty(messages[1].GetProperty("content").GetString()!);
    }

    [Fact]
    public async Task Kill9DuringAStream_LosesNothingCommitted()
    {
        var home = Path.Combine(Path.GetTempPath(), $"modelscale-kill-{Guid.NewGuid():N}");
        Directory.CreateDirectory(home);
        var catalog = Path.Combine(home, "catalog.json");
        await File.WriteAllTextAsync(catalog, $$"""
            { "version": 1, "profiles": [
              { "id": "stories", "displayName": "stories260K", "path": {{JsonSerializer.Serialize(OwnModels.Tiny)}}, "contextLength": 2048 },
              { "id": "tiny", "displayName": "tiny-random", "path": {{JsonSerializer.Serialize(OwnModels.Other)}}, "contextLength": 4096 }
            ] }
            """);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = home };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "modelscale.dll"), "serve", "--urls", "http://127.0.0.1:0", "--catalog", catalog, "--data-dir", _data, "--threads", "1" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(home, "config");
        start.Environment["XDG_DATA_HOME"] = Path.Combine(home, "data");
        string id;
        string committed;
        using (var process = Process.Start(start)!)
        {
            try
            {
                _ = process.StandardError.ReadToEndAsync();
                var banner = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
                var url = banner!.Split("listening on ")[1].Split(';')[0];
                using var http = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = new Uri(url) };
                id = await NativeApi.CreateSessionAsync(http, """{"profile":"tiny","maxTokens":6}""");
                (committed, _) = await NativeApi.SendAsync(http, id, "First question");
                using (await NativeApi.PutAsync(http, $"/api/sessions/{id}/sampling", new { maxTokens = 4000 }))
                {
                }

                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{id}/messages") { Content = new StringContent("""{"content":"Second question"}""", System.Text.Encoding.UTF8, "application/json") };
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
                for (var events = 0; events < 3;)
                {
                    events += (await reader.ReadLineAsync())!.StartsWith("data: ", StringComparison.Ordinal) ? 1 : 0;
                }

                process.Kill(); // SIGKILL: no shutdown, no flush, mid-stream.
                await process.WaitForExitAsync();
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill();
                }
            }
        }

        await using var again = await ServeInstance.StartAsync(dataDirectory: _data);
        var messages = (await NativeApi.GetAsync(again.CreateHttpClient(), $"/api/sessions/{id}")).GetProperty("messages").EnumerateArray().ToList();
        Assert.True(messages.Count >= 3, $"{messages.Count} messages");
        Assert.Equal(("First question", committed), (messages[0].GetProperty("content").GetString(), messages[1].GetProperty("content").GetString()));
        Assert.False(messages[1].GetProperty("incomplete").GetBoolean());
        Assert.Equal("Second question", messages[2].GetProperty("content").GetString());
        Directory.Delete(home, recursive: true);
    }
}
