using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ModelScale.ChatHost.Api;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Hosting;
using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Api;

/// <summary>
/// A real `serve` host (Kestrel on a random 127.0.0.1 port) over a catalog of the shared test models: "stories"
/// (stories260K, ctx 2048) and "tiny" (tiny-random, ctx 4096), plus the built-in tiers, which are not on disk.
/// Its data folder is private to the instance unless one is given (to test a restart).
/// </summary>
internal sealed class ServeInstance : IAsyncDisposable
{
    private ServeInstance(WebApplication app, string dataDirectory, string scratch)
    {
        App = app;
        DataDirectory = dataDirectory;
        Scratch = scratch;
        BaseUrl = new Uri(app.Urls.First());
    }

    /// <summary>Where every instance keeps its probe verdicts.</summary>
    public static string ProbeVerdictsFolder { get; } = Path.Combine(Path.GetTempPath(), "modelscale-tests-probe-verdicts");

    public WebApplication App { get; }

    public Uri BaseUrl { get; }

    public string DataDirectory { get; }

    public string Scratch { get; }

    public IServiceProvider Services => App.Services;

    public GenerationMonitor Monitor => Services.GetRequiredService<GenerationMonitor>();

    public static async Task<ServeInstance> StartAsync(
        string? apiKey = null,
        string? dataDirectory = null,
        Action<EngineOptions>? engine = null,
        Action<IServiceCollection>? services = null,
        Action<ServeOptions>? serve = null,
        string? extraProfiles = null)
    {
        var scratch = Path.Combine(Path.GetTempPath(), $"modelscale-serve-{Guid.NewGuid():N}");
        Directory.CreateDirectory(scratch);
        var catalog = Path.Combine(scratch, "catalog.json");
        await File.WriteAllTextAsync(catalog, $$"""
            { "version": 1, "profiles": [
              { "id": "stories", "displayName": "stories260K", "path": {{System.Text.Json.JsonSerializer.Serialize(OwnModels.Tiny)}}, "contextLength": 2048 },
              { "id": "tiny", "displayName": "tiny-random", "path": {{System.Text.Json.JsonSerializer.Serialize(OwnModels.Other)}}, "contextLength": 4096 }{{(extraProfiles is null ? "" : "," + extraProfiles)}}
            ] }
            """);
        dataDirectory ??= Path.Combine(scratch, "data");
        var options = new ServeOptions { Urls = "http://127.0.0.1:0", ApiKey = apiKey, DataDirectory = dataDirectory, ShutdownTimeout = TimeSpan.FromSeconds(5) };
        serve?.Invoke(options);
        var app = ModelScaleServer.Build(
            options,
            new CommonSettings { Catalog = catalog, ModelsDirectory = Path.Combine(scratch, "models") },
            o =>
            {
                o.Threads = 1;
                o.KeepAlive = TimeSpan.FromMinutes(5);
                o.MaxResident = 3;
                engine?.Invoke(o);
            },
            s =>
            {
                s.Configure<Microsoft.Extensions.Logging.LoggerFilterOptions>(o => o.MinLevel = Microsoft.Extensions.Logging.LogLevel.Warning);

                // Probe verdicts outlive an instance, as they do for a user: each test model is probed once per machine,
                // in a folder of the tests' own rather than the user's data folder.
                s.AddSingleton(new ModelScale.ChatHost.Engine.Loading.ModelProbeVerdicts(ProbeVerdictsFolder));
                services?.Invoke(s);
            });
        await ModelScaleServer.StartAsync(app);
        return new ServeInstance(app, dataDirectory, scratch);
    }

    public HttpClient CreateHttpClient(string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    public OpenAI.Chat.ChatClient OpenAiChat(string model = "stories", string apiKey = "no-key") =>
        new(model, new System.ClientModel.ApiKeyCredential(apiKey), new OpenAI.OpenAIClientOptions
        {
            Endpoint = new Uri(BaseUrl, "/v1"),
            NetworkTimeout = TimeSpan.FromSeconds(60),
        });

    /// <summary>Stops the host the way a service manager does (graceful), and cleans up.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await App.DisposeAsync();
        try
        {
            Directory.Delete(Scratch, recursive: true);
        }
        catch (IOException)
        {
            // A database file still closing; the temp folder is cleaned by the OS.
        }
    }

    public async Task StopAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await App.StopAsync(timeout.Token);
    }
}
