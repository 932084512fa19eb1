using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Hosting;
using ModelScale.ChatHost.Replay;
using ModelScale.ChatHost.Replay.Quality;
using ModelScale.ChatHost.Sessions;
using ModelScale.ChatHost.Terminal;

namespace ModelScale.ChatHost.Commands;

/// <summary>`modelscale advise FILE --profiles 1b,7b`: replays with the judge and prints only which tier is enough.</summary>
internal static class AdviseCommand
{
    public static Command Create(CommonOptions common)
    {
        var file = new Argument<string>("file") { Description = "A conversation file (the /save format, schemas/conversation.schema.json).", HelpName = "FILE" };
        var profiles = new Option<string[]>("--profiles", "-p") { Description = "Profile ids to compare, separated by commas (1b,7b,13b,70b).", HelpName = "ID[,ID...]" };
        var models = new Option<string[]>("--model", "-m") { Description = "A GGUF file to compare as well (repeatable).", HelpName = "PATH" };
        var (repeat, noWarmUp, benchCache) = ReplayCommand.SpeedOptions();
        var judge = JudgeOptions.Judge();
        var margin = JudgeOptions.Margin();
        var json = new Option<bool>("--json") { Description = "Print the verdict as JSON." };
        var seed = new Option<long?>("--seed") { Description = $"Sampling seed (default: the file's, else {SamplingDefaults.Seed})." };
        var maxTokens = new Option<int?>("--max-tokens") { Description = "Most tokens per answer (default: the file's, else until the model stops)." };
        OptionRules.WholeNumber(maxTokens, 1, OptionRules.MostTokens, " tokens");
        OptionRules.Seed(seed);

        var command = new Command("advise", "Replay a conversation on several tiers, judge every answer, and print which tier is enough.")
        {
            file, profiles, models, judge, margin, json, seed, maxTokens, repeat, noWarmUp, benchCache,
        };
        command.Validators.Add(r =>
        {
            if ((r.GetValue(profiles) ?? []).Length == 0 && (r.GetValue(models) ?? []).Length == 0)
            {
                r.AddError("Give the profiles to compare with --profiles 1b,7b (or files with --model).");
            }

            if (ReplayJudge.IsOff(r.GetValue(judge)))
            {
                r.AddError("advise needs a judge: give --judge PROFILE, or leave it out for the default (use replay --judge none to compare without one).");
            }
        });

        command.SetAction((result, cancellationToken) =>
        {
            var settings = common.Read(result);
            return CommandRunner.RunAsync(settings.Verbose, async () =>
            {
                var path = result.GetValue(file)!;
                var conversation = ConversationFile.Load(path);
                var options = new ReplayOptions
                {
                    Profiles = ReplayPlayback.Profiles(result.GetValue(profiles), result.GetValue(models)),
                    Source = Path.GetFileName(path),
                    Repeat = result.GetValue(repeat),
                    WarmUp = !result.GetValue(noWarmUp),
                    Sampling = new SamplingSettings(
                        conversation.Sampling?.Temperature ?? SamplingDefaults.Temperature,
                        result.GetValue(seed) ?? conversation.Sampling?.Seed ?? SamplingDefaults.Seed,
                        result.GetValue(maxTokens) ?? conversation.Sampling?.MaxTokens),
                };

                using var host = ModelScaleHost.Build(settings, services => services
                    .AddModelScaleEngine(_ => { })
                    .AddReplay(result.GetValue(benchCache))
                    .AddReplayView(ReplayConsoles.ForProcess()));

                var judged = await ReplayPlayback.PlayAndJudgeAsync(
                    host.Services, conversation, options, result.GetValue(judge), result.GetValue(margin), noVerdict: null, cancellationToken);
                if (judged.Interrupted)
                {
                    return ExitCodes.Interrupted;
                }

                var verdict = judged.Verdict ?? throw new ReplayException(
                    $"No tier of {string.Join(", ", judged.Profiles.Select(p => $"{p.Id} ({p.StatusLine})"))} completed, so there is nothing to judge.");

                var consoles = host.Services.GetRequiredService<ReplayConsoles>();
                if (result.GetValue(json))
                {
                    var document = JsonReport.ToDocument(judged).Verdict!;
                    OutputJson.Write(consoles.Out, JsonSerializer.Serialize(document, AdviseJsonContext.Default.VerdictDocument));
                }
                else
                {
                    Spectre.Console.AnsiConsoleExtensions.WriteLine(consoles.Out, verdict.Sentence, Spectre.Console.Style.Plain);
                    if (judged.Load is { Busy: true } load)
                    {
                        Spectre.Console.AnsiConsoleExtensions.WriteLine(consoles.Status, "Warning: " + load.Warning, Spectre.Console.Style.Plain);
                    }
                }

                return ExitCodes.Ok;
            });
        });

        return command;
    }
}
