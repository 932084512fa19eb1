using System.CommandLine;
using ModelScale.ChatHost.Bench;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Engine.Decoding;
using ModelScale.ChatHost.Hosting;
using ModelScale.ChatHost.Terminal;
using ModelScale.Profiles.Synthetic;

namespace ModelScale.ChatHost.Commands;

/// <summary>`modelscale bench`: load time, prefill, decode, TTFT and peak RSS through the engine chat uses; switching back; batching.</summary>
internal static class BenchCommand
{
    /// <summary>The most measured runs --repeat takes.</summary>
    public const int MostRepeats = 1_000;

    public static Command Create(CommonOptions common)
    {
        var profiles = new Option<string[]>("--profiles") { Description = "Catalog profile ids to measure (default: the synthetic 1B-shaped model).", AllowMultipleArgumentsPerToken = true };
        var model = new Option<string?>("--model", "-m") { Description = "A GGUF file to measure instead." };
        var promptTokens = new Option<int>("--prompt-tokens") { Description = "Prompt length in tokens.", DefaultValueFactory = _ => BenchSettings.DefaultPromptTokens };
        var genTokens = new Option<int>("--gen-tokens") { Description = "Tokens to generate (end of generation is ignored).", DefaultValueFactory = _ => BenchSettings.DefaultGenTokens };
        var threads = new Option<int?>("--threads") { Description = "Threads (default: one per logical processor)." };
        var repeat = new Option<int>("--repeat") { Description = "Measured runs per model, after a cold one.", DefaultValueFactory = _ => BenchSettings.DefaultRepeat };
        var context = new Option<int?>("--ctx") { Description = "Context in tokens (default: the prompt and answer rounded up to 256)." };
        var batch = new Option<int>("--batch") { Description = "llama.cpp's n_batch and n_ubatch.", DefaultValueFactory = _ => EngineOptions.DefaultBatchSize };
        var parallel = new Option<int>("--parallel") { Description = "Also measure N sequences decoded together against one (N >= 2)." };
        var noSwitch = new Option<bool>("--no-switch-back") { Description = "Skip the switch-back measurement." };
        var tokenizer = new Option<string?>("--tokenizer-from") { Description = "A GGUF (llama-2-tiny-random.gguf) whose tokenizer the synthetic model copies when it is written (default: found in MODELSCALE_TEST_MODELS, else ModelScale's own vocabulary)." };
        var cache = new Option<string?>("--cache-dir") { Description = "Where the synthetic model is kept (default: the per-user cache; env MODELSCALE_BENCH_CACHE)." };
        var flash = new Option<string>("--flash-attention") { Description = "auto (llama.cpp decides, as chat does), on or off.", DefaultValueFactory = _ => "auto" };
        var writeOnly = new Option<bool>("--write-only") { Description = "Only write the synthetic model (or find it in the cache) and print its path; measure nothing." };
        var shape = new Option<string?>("--shape") { Description = $"The synthetic model's shape, with the llama-2 vocabulary: {string.Join(", ", SyntheticBenchModel.Shapes)} (default synthetic-1b)." };
        var scheme = new Option<string?>("--scheme") { Description = "The synthetic model's tensor types: q4_0 (default) or q4_k_m." };
        shape.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } value && !SyntheticBenchModel.Shapes.Contains(value.Trim(), StringComparer.OrdinalIgnoreCase))
            {
                r.AddError($"--shape: '{value}' is not a shape a synthetic model can be written in; use one of {string.Join(", ", SyntheticBenchModel.Shapes)}.");
            }
        });
        scheme.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } value && !QuantizationScheme.TryGet(value, out _))
            {
                r.AddError($"--scheme: '{value}' is not a scheme; use q4_0 or q4_k_m.");
            }
        });

        flash.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is not ("auto" or "on" or "off"))
            {
                r.AddError($"--flash-attention must be auto, on or off, not '{r.GetValueOrDefault<string>()}'.");
            }
        });
        var logprobs = new Option<int?>("--logprobs") { Description = $"Describe each measured answer token with N alternatives (0 to {ProbingSamplingPipeline.MostAlternatives}), as an API answer with logprobs does: decode then includes their cost." };
        var json = new Option<bool>("--json") { Description = "Print one JSON document instead of tables." };

        OptionRules.WholeNumber(promptTokens, 2, OptionRules.MostTokens, " tokens");
        OptionRules.WholeNumber(genTokens, 2, OptionRules.MostTokens, " tokens");
        OptionRules.Threads(threads);
        OptionRules.WholeNumber(repeat, 1, MostRepeats);
        OptionRules.ContextLength(context);
        OptionRules.WholeNumber(batch, 1, OptionRules.MostTokens, " tokens");
        OptionRules.WholeNumber(parallel, 2, ParallelText.Most, " sequences");
        OptionRules.WholeNumber(logprobs, 0, ProbingSamplingPipeline.MostAlternatives, " alternatives");

        var command = new Command("bench", "Measure load time, prefill and decode speed, time to first token and peak memory; switching back; batching.")
        {
            profiles, model, promptTokens, genTokens, threads, repeat, context, batch, parallel, flash, noSwitch, tokenizer, cache, shape, scheme, writeOnly, logprobs, json,
        };
        command.Validators.Add(r =>
        {
            if (r.GetValue(model) is not null && r.GetValue(profiles) is { Length: > 0 })
            {
                r.AddError("Give --profiles or --model, not both.");
            }

            if ((r.GetValue(shape) ?? r.GetValue(scheme)) is not null && (r.GetValue(model) is not null || r.GetValue(profiles) is { Length: > 0 }))
            {
                r.AddError("--shape and --scheme choose the synthetic model; they cannot be combined with --profiles or --model.");
            }

            var prompt = OptionRules.ValueOrDefault(r, promptTokens);
            var answer = OptionRules.ValueOrDefault(r, genTokens);
            if (OptionRules.ValueOrDefault(r, context) is { } ctx && prompt > 0 && answer > 0 && (long)ctx < (long)prompt + answer)
            {
                r.AddError($"--ctx {ctx} cannot hold the prompt and the answer ({prompt} + {answer} tokens).");
            }
        });

        command.SetAction((result, cancellationToken) =>
        {
            var settings = common.Read(result);
            var request = new BenchRequest
            {
                Profiles = [.. (result.GetValue(profiles) ?? []).SelectMany(p => p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
                ModelPath = result.GetValue(model),
                PromptTokens = result.GetValue(promptTokens),
                GenTokens = result.GetValue(genTokens),
                Threads = result.GetValue(threads),
                Repeat = result.GetValue(repeat),
                Context = result.GetValue(context),
                BatchSize = result.GetValue(batch),
                Parallel = result.GetValue(parallel),
                FlashAttention = result.GetValue(flash)!,
                SwitchBack = !result.GetValue(noSwitch),
                TokenizerFrom = result.GetValue(tokenizer),
                CacheDirectory = result.GetValue(cache),
                Shape = result.GetValue(shape)?.Trim(),
                Scheme = result.GetValue(scheme)?.Trim(),
                Logprobs = result.GetValue(logprobs),
            };

            if (result.GetValue(writeOnly))
            {
                return CommandRunner.RunAsync(settings.Verbose, () =>
                {
                    var path = BenchJob.WriteSyntheticModel(EngineHost(settings), request, line => Console.Error.WriteLine(line));
                    Console.Out.WriteLine(path);
                    return Task.FromResult(ExitCodes.Ok);
                });
            }

            return CommandRunner.RunAsync(settings.Verbose, async () =>
            {
                var errors = Console.Error;
                var report = await BenchJob.RunAsync(
                    EngineHost(settings),
                    request,
                    line => errors.WriteLine(line),
                    cancellationToken);
                var console = StandardConsoles.Out();
                if (result.GetValue(json))
                {
                    OutputJson.Write(console, BenchJsonContext.Serialize(report));
                }
                else
                {
                    BenchView.Render(console, report);
                }

                return ExitCodes.Ok;
            });
        });

        return command;
    }

    /// <summary>The engine host the bench loads its models in: the common host of every verb, with the engine as configured.</summary>
    private static EngineHostFactory EngineHost(CommonSettings settings) =>
        configure => ModelScaleHost.Build(settings, services => services.AddModelScaleEngine(configure));
}
