using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using ModelScale.ChatHost.Bench;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Hosting;
using ModelScale.ChatHost.Replay;
using ModelScale.ChatHost.Sessions;
using ModelScale.ChatHost.Terminal;
using ModelScale.Profiles.Catalog;
using Spectre.Console;

namespace ModelScale.ChatHost.Commands;

/// <summary>`modelscale replay FILE --profiles 1b,7b`: one conversation on several profiles, with a report side by side.</summary>
internal static class ReplayCommand
{
    public static Command Create(CommonOptions common)
    {
        var file = new Argument<string>("file") { Description = "A conversation file (the /save format, schemas/conversation.schema.json).", HelpName = "FILE" };
        var profiles = new Option<string[]>("--profiles", "-p")
        {
            Description = "Profile ids to replay on, in order, separated by commas (1b,7b,13b,70b).",
            HelpName = "ID[,ID...]",
        };
        var models = new Option<string[]>("--model", "-m") { Description = "A GGUF file to replay on as well (repeatable).", HelpName = "PATH" };
        var output = new Option<string?>("--out", "-o") { Description = "Folder for the report (default: ./replay-<timestamp>).", HelpName = "DIR" };
        var format = new Option<string>("--format") { Description = $"Report files to write: {ReportFormatList.Names}.", DefaultValueFactory = _ => "md,html,json,png" };
        var teacherForcing = new Option<bool>("--teacher-forcing") { Description = "Feed the file's reference answers as the earlier turns, instead of each model's own." };
        var seed = new Option<long?>("--seed") { Description = $"Sampling seed (default: the file's, else {SamplingDefaults.Seed})." };
        var temperature = new Option<float?>("--temperature", "-t") { Description = "Temperature (default: the file's, else 0, greedy)." };
        var maxTokens = new Option<int?>("--max-tokens") { Description = "Most tokens per answer (default: the file's, else until the model stops)." };
        var context = new Option<int?>("--ctx") { Description = "Context length in tokens (default: each profile's, capped at its training context)." };
        var threads = new Option<int?>("--threads") { Description = "Generation threads (default: one per logical processor)." };
        var (repeat, noWarmUp, benchCache) = SpeedOptions();
        var judge = JudgeOptions.Judge();
        var margin = JudgeOptions.Margin();

        format.Validators.Add(r =>
        {
            if (!ReportFormatList.TryParse(r.GetValueOrDefault<string>(), out _, out var error))
            {
                r.AddError($"--format: {error}");
            }
        });
        OptionRules.Seed(seed);
        OptionRules.Temperature(temperature);
        OptionRules.WholeNumber(maxTokens, 1, OptionRules.MostTokens, " tokens");
        OptionRules.ContextLength(context);
        OptionRules.Threads(threads);

        var command = new Command("replay", "Play one conversation on several profiles and write a side-by-side report: answers, speed, memory and the plan.")
        {
            file, profiles, models, output, format, teacherForcing, seed, temperature, maxTokens, context, threads, repeat, noWarmUp, benchCache, judge, margin,
        };
        command.Validators.Add(r =>
        {
            if ((r.GetValue(profiles) ?? []).Length == 0 && (r.GetValue(models) ?? []).Length == 0)
            {
                r.AddError("Give the profiles to replay on with --profiles 1b,7b (or files with --model).");
            }
        });

        command.SetAction((result, cancellationToken) =>
        {
            var settings = common.Read(result);
            return CommandRunner.RunAsync(settings.Verbose, async () =>
            {
                var path = result.GetValue(file)!;
                var conversation = ConversationFile.Load(path);
                var fileSampling = conversation.Sampling;
                var options = new ReplayOptions
                {
                    Profiles = ReplayPlayback.Profiles(result.GetValue(profiles), result.GetValue(models)),
                    TeacherForcing = result.GetValue(teacherForcing),
                    Repeat = result.GetValue(repeat),
                    WarmUp = !result.GetValue(noWarmUp),
                    Source = Path.GetFileName(path),
                    Sampling = new SamplingSettings(
                        result.GetValue(temperature) ?? fileSampling?.Temperature ?? SamplingDefaults.Temperature,
                        result.GetValue(seed) ?? fileSampling?.Seed ?? SamplingDefaults.Seed,
                        result.GetValue(maxTokens) ?? fileSampling?.MaxTokens),
                };
                ReportFormatList.TryParse(result.GetValue(format), out var formats, out _);

                using var host = ModelScaleHost.Build(settings, services => services
                    .AddModelScaleEngine(o =>
                    {
                        o.Threads = result.GetValue(threads);
                        o.ContextLength = result.GetValue(context);
                    })
                    .AddReplay(result.GetValue(benchCache))
                    .AddReplayView(ReplayConsoles.ForProcess()));

                // A wrong id or an unusable file is one sentence before anything loads. The answers and their report stand
                // without a verdict when the judge cannot judge; the reason is said, not swallowed.
                var replayed = await ReplayPlayback.PlayAndJudgeAsync(
                    host.Services,
                    conversation,
                    options,
                    result.GetValue(judge),
                    result.GetValue(margin),
                    ex => host.Services.GetRequiredService<ReplayConsoles>().Status.MarkupLine($"[yellow]No verdict: {Markup.Escape(ex.Message)}[/]"),
                    cancellationToken);

                var time = host.Services.GetRequiredService<TimeProvider>();
                var folder = result.GetValue(output) ?? $"replay-{time.GetLocalNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
                var written = ReplayReportWriter.Write(replayed, folder, formats);

                var consoles = host.Services.GetRequiredService<ReplayConsoles>();
                consoles.Out.Write(ReplayView.Verdict(replayed));
                consoles.Out.WriteLine($"Report in {Path.GetFullPath(folder)}: {string.Join(", ", written.Select(Path.GetFileName))}");
                if (replayed.Interrupted)
                {
                    consoles.Status.MarkupLine("[yellow]Interrupted: the report holds what had finished.[/]");
                    return ExitCodes.Interrupted;
                }

                if (!replayed.Profiles.Any(p => p.Played))
                {
                    consoles.Status.MarkupLine("[yellow]No profile played; the report says why for each.[/]");
                }

                return ExitCodes.Ok;
            });
        });

        return command;
    }

    /// <summary>
    /// --repeat N (measured passes, 1 to <see cref="ReplayRunner.MostRepeats"/>), --no-warm-up and --bench-cache DIR
    /// (where the speed predictions read bench's measured bandwidth), shared with advise.
    /// </summary>
    internal static (Option<int> Repeat, Option<bool> NoWarmUp, Option<string?> BenchCache) SpeedOptions()
    {
        var repeat = new Option<int>("--repeat")
        {
            Description = "Measured passes over the conversation per tier; the speeds are their median and range (default 1).",
            DefaultValueFactory = _ => 1,
        };
        OptionRules.WholeNumber(repeat, 1, ReplayRunner.MostRepeats);
        var noWarmUp = new Option<bool>("--no-warm-up") { Description = "Measure from the first answer on, without the warm-up answer each pass starts with." };
        var benchCache = new Option<string?>("--bench-cache")
        {
            Description = $"The folder bench keeps its measured memory bandwidth in, for the speed predictions: what `bench --cache-dir` was given (default: {BenchCacheFolder.Variable}, else the per-user cache).",
            HelpName = "DIR",
        };
        benchCache.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } value
                && CatalogPaths.FromUser(SystemPlatformEnvironment.Instance, value) is { } folder && !Directory.Exists(folder))
            {
                r.AddError($"--bench-cache: there is no folder '{value}'; give the folder `bench --cache-dir` measured into.");
            }
        });
        return (repeat, noWarmUp, benchCache);
    }
}
