using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelScale.ChatHost.Api;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Hosting;
using ModelScale.ChatHost.Sessions.Store;
using ModelScale.ChatHost.Terminal;

namespace ModelScale.ChatHost.Commands;

/// <summary>`modelscale serve`: the OpenAI-compatible API and the session API, until stopped.</summary>
internal static class ServeCommand
{
    /// <summary>The most models --max-resident takes; memory runs out long before.</summary>
    public const int MostResident = 64;

    /// <summary>The most requests --queue lets wait for one model.</summary>
    public const int MostQueued = 10_000;

    public static Command Create(CommonOptions common)
    {
        var urls = new Option<string>("--urls") { Description = "Addresses to listen on, separated by ';'. Only loopback addresses are served without --api-key.", DefaultValueFactory = _ => ServeOptions.DefaultUrl };
        var apiKey = new Option<string?>("--api-key") { Description = "The key clients send as 'Authorization: Bearer KEY' (env MODELSCALE_API_KEY)." };
        var allowedHosts = new Option<string?>("--allowed-hosts")
        {
            Description = "Host names served without --api-key besides localhost and loopback addresses, separated by ';' (the Host header is checked against them).",
        };
        var dataDir = new Option<string?>("--data-dir") { Description = "Folder of the session database (default: the per-user data folder)." };
        var keepAlive = new Option<string>("--keep-alive") { Description = "How long an unused model stays loaded: 30s, 5m, 1h, or never.", DefaultValueFactory = _ => "5m" };
        var maxResident = new Option<int>("--max-resident") { Description = "Most models loaded at once (memory permitting).", DefaultValueFactory = _ => 3 };
        var queue = new Option<int>("--queue") { Description = "Requests that may wait for a busy model; more get 503.", DefaultValueFactory = _ => EngineOptions.DefaultQueueLength };
        var maxTokens = new Option<int>("--max-tokens-limit") { Description = "Largest max_tokens a request may ask for (and the default).", DefaultValueFactory = _ => ServeOptions.DefaultMaxTokensLimit };
        var context = new Option<int?>("--ctx") { Description = "Context length in tokens (default: each profile's, capped at its training context)." };
        var threads = new Option<int?>("--threads") { Description = "Generation threads (default: one per logical processor)." };
        var parallel = new Option<string>("--parallel")
        {
            Description = "Requests one model answers together, each with its own KV cache: 1 to 64, or auto (4 when the memory plan for 4 keeps every GPU layer and the context of 1, else 1).",
            DefaultValueFactory = _ => "auto",
        };

        keepAlive.Validators.Add(r =>
        {
            if (!DurationText.TryParse(r.GetValueOrDefault<string>(), out _))
            {
                r.AddError($"--keep-alive: '{r.GetValueOrDefault<string>()}' is not a duration; write it like 30s, 5m, 1h or never.");
            }
        });
        parallel.Validators.Add(r =>
        {
            if (ParallelText.Parse(r.GetValueOrDefault<string>()) is null)
            {
                r.AddError($"--parallel: '{r.GetValueOrDefault<string>()}' is not a number of sequences from 1 to {ParallelText.Most}, or auto.");
            }
        });
        OptionRules.WholeNumber(maxResident, 1, MostResident);
        OptionRules.WholeNumber(queue, 0, MostQueued, " requests");
        OptionRules.WholeNumber(maxTokens, 1, OptionRules.MostTokens, " tokens");
        OptionRules.ContextLength(context);
        OptionRules.Threads(threads);

        var command = new Command("serve", "Run the background service: an OpenAI-compatible API and persistent chat sessions over HTTP.")
        {
            urls, apiKey, allowedHosts, dataDir, keepAlive, maxResident, queue, maxTokens, context, threads, parallel,
        };

        command.SetAction((result, cancellationToken) =>
        {
            var settings = common.Read(result);
            return CommandRunner.RunAsync(settings.Verbose, async () =>
            {
                DurationText.TryParse(result.GetValue(keepAlive), out var idle);
                var serve = new ServeOptions
                {
                    Urls = result.GetValue(urls)!,
                    ApiKey = result.GetValue(apiKey) ?? NonEmpty(Environment.GetEnvironmentVariable("MODELSCALE_API_KEY")),
                    DataDirectory = result.GetValue(dataDir),
                    AllowedHosts = (result.GetValue(allowedHosts) ?? string.Empty).Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                    MaxTokensLimit = result.GetValue(maxTokens),
                };
                await using var app = ModelScaleServer.Build(serve, settings, o =>
                {
                    o.Threads = result.GetValue(threads);
                    o.ContextLength = result.GetValue(context);
                    o.KeepAlive = idle;
                    o.MaxResident = result.GetValue(maxResident);
                    o.QueueLength = result.GetValue(queue);
                    o.Parallel = ParallelText.Parse(result.GetValue(parallel))!.Value;
                });

                await ModelScaleServer.StartAsync(app, cancellationToken);
                var console = StandardConsoles.Out();
                var store = app.Services.GetRequiredService<SessionStore>();
                console.Profile.Out.Writer.WriteLine($"modelscale serve: listening on {string.Join(", ", app.Urls)}; sessions are stored in {store.Path}");
                console.Profile.Out.Writer.Flush();
                await app.WaitForShutdownAsync(CancellationToken.None);
                return ExitCodes.Ok;
            });
        });

        return command;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
