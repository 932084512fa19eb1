using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using ModelScale.ChatHost.Client;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Hosting;
using ModelScale.ChatHost.Replay;
using ModelScale.ChatHost.Sessions;
using ModelScale.ChatHost.Terminal;

namespace ModelScale.ChatHost.Commands;

/// <summary>`modelscale chat`: the terminal REPL.</summary>
internal static class ChatCommand
{
    public static Command Create(CommonOptions common)
    {
        var profile = new Option<string?>("--profile", "-p") { Description = "Profile id to start with (default: the first one on disk)." };
        var model = new Option<string?>("--model", "-m") { Description = "A GGUF file to chat with, as an ad-hoc profile." };
        var system = new Option<string?>("--system") { Description = "System prompt." };
        var seed = new Option<long>("--seed") { Description = "Sampling seed.", DefaultValueFactory = _ => SamplingDefaults.Seed };
        var temperature = new Option<float>("--temperature", "-t") { Description = "0 is greedy and deterministic (default).", DefaultValueFactory = _ => SamplingDefaults.Temperature };
        var maxTokens = new Option<int?>("--max-tokens") { Description = "Most tokens per answer (default: until the model stops or the context is full)." };
        var context = new Option<int?>("--ctx") { Description = "Context length in tokens (default: the profile's, capped at the model's training context)." };
        var threads = new Option<int?>("--threads") { Description = "Generation threads (default: one per logical processor)." };
        var connect = new Option<Uri?>("--connect") { Description = "Chat through a running `modelscale serve` at this URL instead of loading models here.", HelpName = "URL" };
        var apiKey = new Option<string?>("--api-key") { Description = "With --connect: the service's key (env MODELSCALE_API_KEY)." };
        var resume = new Option<string?>("--session") { Description = "With --connect: continue this session of the service (its history, profile and settings).", HelpName = "ID" };
        var yes = new Option<bool>("--yes", "-y") { Description = $"With no model on disk: download the tier chosen for this machine without asking (env {FirstChatConsent.AssumeYesVariable}=1)." };

        OptionRules.Seed(seed);
        OptionRules.Temperature(temperature);
        OptionRules.WholeNumber(maxTokens, 1, OptionRules.MostTokens, " tokens");
        OptionRules.ContextLength(context);
        OptionRules.Threads(threads);
        OptionRules.HttpUrl(connect, Api.ServeOptions.DefaultUrl);

        var command = new Command("chat", "Chat in the terminal with streaming output; /profile ID switches model and keeps the conversation.")
        {
            profile, model, system, seed, temperature, maxTokens, context, threads, connect, apiKey, resume, yes,
        };
        command.Validators.Add(r =>
        {
            if (r.GetValue(profile) is not null && r.GetValue(model) is not null)
            {
                r.AddError("Give --profile or --model, not both.");
            }

            if (r.GetResult(connect) is not null)
            {
                if (r.GetValue(model) is not null)
                {
                    r.AddError("--model loads a file here; with --connect, name a profile of the service with --profile.");
                }
            }
            else if (r.GetValue(resume) is not null)
            {
                r.AddError("--session continues a session of a running service; give its URL with --connect.");
            }
        });

        command.SetAction((result, cancellationToken) =>
        {
            var settings = common.Read(result);
            var assumeYes = result.GetValue(yes) || FirstChatConsent.FromEnvironment(Environment.GetEnvironmentVariable(FirstChatConsent.AssumeYesVariable));
            var options = new ReplOptions
            {
                Profile = result.GetValue(model) ?? result.GetValue(profile),
                SystemPrompt = result.GetValue(system),
                Verbose = settings.Verbose,
                Sampling = new SamplingSettings(result.GetValue(temperature), result.GetValue(seed), result.GetValue(maxTokens)),
                SamplingGiven = new Option[] { temperature, seed, maxTokens }.Any(o => result.GetResult(o) is { Implicit: false }),
                ResumeSession = result.GetValue(resume),
            };

            return CommandRunner.RunAsync(settings.Verbose, async () =>
            {
                var remote = result.GetValue(connect);
                var consoles = ReplConsoles.ForProcess();
                using var host = ModelScaleHost.Build(settings, services =>
                {
                    if (remote is null)
                    {
                        services.AddModelScaleEngine(o =>
                        {
                            o.Threads = result.GetValue(threads);
                            o.ContextLength = result.GetValue(context);
                        });
                        services.AddReplay();
                        services.AddFirstChat(consoles);
                    }

                    services.AddTerminalChat(consoles, Console.In, options);
                    if (remote is not null)
                    {
                        var key = result.GetValue(apiKey) ?? Environment.GetEnvironmentVariable("MODELSCALE_API_KEY");
                        services.AddRemoteChatSession(remote, string.IsNullOrWhiteSpace(key) ? null : key);
                    }
                });

                if (remote is null && options.Profile is null && host.Services.GetRequiredService<FirstChat>() is var first && first.NothingOnDisk())
                {
                    using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    using (CtrlC.Cancels(stop))
                    {
                        var consent = new FirstChatConsent(assumeYes, CanAsk: !Console.IsInputRedirected);
                        var (id, reason, exit) = await first.RunAsync(consent, Console.In, stop.Token);
                        if (id is null)
                        {
                            return exit;
                        }

                        options = options with { Profile = id, StartNote = reason };
                    }
                }

                var interrupts = host.Services.GetRequiredService<InterruptHandler>();
                using var ctrlC = interrupts.AttachToConsole();
                var repl = ActivatorUtilities.CreateInstance<ChatRepl>(host.Services, options);
                return await repl.RunAsync(cancellationToken) ? ExitCodes.Ok : ExitCodes.UserError;
            });
        });

        return command;
    }
}
