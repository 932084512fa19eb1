using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Engine.Loading;
using ModelScale.ChatHost.Hosting;
using ModelScale.ChatHost.Terminal;
using ModelScale.Profiles.Catalog;
using ModelScale.Profiles.Errors;
using ModelScale.Profiles.Gguf;
using ModelScale.Profiles.Planning;
using ModelScale.Profiles.Units;

namespace ModelScale.ChatHost.Commands;

/// <summary>`modelscale plan PROFILE|--model PATH`: how a model would load on this machine (or one given with --vram), and why.</summary>
internal static class PlanCommand
{
    /// <summary>How far a prediction may be from llama.cpp's buffers before --verify fails.</summary>
    public const double TolerancePercent = 5;

    /// <summary>The most layers --gpu-layers takes: llama.cpp's own limit (LLAMA_MAX_LAYERS).</summary>
    public const int MostGpuLayers = 512;

    public static Command Create(CommonOptions common)
    {
        var hardware = new HardwareOptions();
        var target = new Argument<string?>("profile")
        {
            Description = "A catalog profile id or a GGUF file (header-only files can be planned).",
            HelpName = "PROFILE|PATH",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var model = new Option<string?>("--model", "-m") { Description = "A GGUF file to plan for, instead of a profile." };
        var context = new Option<int?>("--ctx") { Description = "Context per sequence (default: the profile's, capped at the training context)." };
        var kvType = new Option<string>("--kv-type") { Description = "KV cache type: f16 or q8_0.", DefaultValueFactory = _ => "f16" };
        var parallel = new Option<int>("--parallel") { Description = "Sequences decoded at once; each gets the context.", DefaultValueFactory = _ => 1 };
        var batch = new Option<int>("--batch") { Description = "Tokens per batch (n_batch = n_ubatch).", DefaultValueFactory = _ => EngineOptions.DefaultBatchSize };
        var margin = new Option<string>("--margin") { Description = "Memory kept free on every GPU.", DefaultValueFactory = _ => "1GiB" };
        var gpuLayers = new Option<int?>("--gpu-layers") { Description = "Most layers to put on GPUs (default: as many as fit)." };
        var json = new Option<bool>("--json") { Description = "Print a JSON document instead of tables." };
        var verify = new Option<bool>("--verify") { Description = "Load the model and set the plan beside what llama.cpp allocates (this machine only)." };

        OptionRules.ContextLength(context);
        OptionRules.WholeNumber(parallel, 1, ParallelText.Most);
        OptionRules.WholeNumber(batch, 1, OptionRules.MostTokens, " tokens");
        OptionRules.WholeNumber(gpuLayers, 0, MostGpuLayers, " layers");
        kvType.Validators.Add(r =>
        {
            if (!KvCacheTypes.TryParse(r.GetValueOrDefault<string>(), out _))
            {
                r.AddError($"--kv-type must be f16 or q8_0, not '{r.GetValueOrDefault<string>()}'.");
            }
        });
        margin.Validators.Add(r =>
        {
            if (!ByteSize.TryParse(r.GetValueOrDefault<string>(), out var bytes, out var error) || bytes < 0)
            {
                r.AddError($"--margin: {(error.Length > 0 ? error : "it cannot be negative.")}");
            }
        });

        var command = new Command("plan", "Show how a model would load: GPU layers, context, and the bytes on each GPU and in RAM, with the reason.")
        {
            target, model, context, kvType, parallel, batch, margin, gpuLayers, json, verify,
        };
        hardware.AddTo(command);
        command.Validators.Add(r =>
        {
            var given = (r.GetValue(target) is null ? 0 : 1) + (r.GetValue(model) is null ? 0 : 1);
            if (given != 1)
            {
                r.AddError("Give one profile id or file, either as an argument or with --model.");
            }

            if (OptionRules.ValueOrDefault(r, verify) && r.GetValue(hardware.Vram) is not null)
            {
                r.AddError("--verify measures this machine; it cannot be combined with --vram.");
            }
        });

        command.SetAction((result, cancellationToken) =>
        {
            var settings = common.Read(result);
            return CommandRunner.RunAsync(settings.Verbose, async () =>
            {
                KvCacheTypes.TryParse(result.GetValue(kvType), out var kv);
                using var host = ModelScaleHost.Build(settings, services => services
                    .AddModelScaleHardware(hardware.Read(result))
                    .AddModelScaleEngine(o =>
                    {
                        o.BatchSize = result.GetValue(batch);
                        o.Parallel = result.GetValue(parallel);
                        o.KvCacheType = kv;
                        o.MarginBytes = ByteSize.Parse(result.GetValue(margin)!);
                        o.MaxGpuLayers = result.GetValue(gpuLayers);
                    }));

                var request = new PlanCommandRequest(result.GetValue(target) ?? result.GetValue(model)!, result.GetValue(context), result.GetValue(verify));
                var outcome = await RunAsync(host.Services, request, cancellationToken);

                var console = StandardConsoles.Out();
                if (result.GetValue(json))
                {
                    OutputJson.Write(console, OutputJson.Serialize(PlanReports.ToJson(outcome.Path, outcome.Plan, outcome.Comparison, outcome.Embeddings)));
                }
                else
                {
                    PlanView.Render(console, outcome.Path, outcome.Plan);
                    if (outcome.Comparison is { } comparison)
                    {
                        PlanView.RenderComparison(console, comparison, TolerancePercent);
                    }

                    if (outcome.Plan.Embeddings is { } planned && outcome.Embeddings is { } measured)
                    {
                        PlanView.RenderEmbeddingsCheck(console, new PlanComparisonRow("embeddings", planned.TotalBytes, measured.TotalBytes));
                    }
                }

                if (!outcome.Plan.Fits)
                {
                    return ExitCodes.UserError;
                }

                return outcome.Comparison is { } checkedPlan && !checkedPlan.Worst.Within(TolerancePercent)
                    ? ExitCodes.UserError
                    : ExitCodes.Ok;
            });
        });

        return command;
    }

    /// <summary>Plans (and with --verify, loads and measures) one model.</summary>
    internal static async Task<PlanCommandOutcome> RunAsync(IServiceProvider services, PlanCommandRequest request, CancellationToken cancellationToken)
    {
        var profile = ProfileResolver.LooksLikePath(request.Target)
            ? ModelProfile.FromFile(request.Target)
            : ProfileResolver.Resolve(services.GetRequiredService<ProfileCatalog>(), request.Target);
        var (path, gguf, fromShape) = ProfileHeaders.Read(profile, services.GetRequiredService<ModelLocator>(), allowShape: !request.Verify);

        // The profile's context, capped at what the model was trained for; an explicit --ctx is planned as asked.
        var context = request.Context ?? ProfileHeaders.DefaultContext(profile, gguf);
        var planned = services.GetRequiredService<ModelPlanner>().Plan(gguf, context);
        if (fromShape)
        {
            var plan = planned.Plan with { Notes = [.. planned.Plan.Notes, $"{profile.DisplayName} is not on disk; `{(services.GetService<CommandHint>() ?? new CommandHint("modelscale")).For("pull", profile.Id)}` downloads it."] };
            return new PlanCommandOutcome(path, plan, null);
        }

        if (!request.Verify)
        {
            return new PlanCommandOutcome(path, planned.Plan, null);
        }

        if (!planned.Plan.Fits)
        {
            throw new ModelLoadException($"There is nothing to verify: {profile.DisplayName} does not fit ({planned.Plan.Reason}).");
        }

        GgufInferenceCheck.EnsureRunnable(gguf);
        await services.GetRequiredService<ModelProbe>().EnsureLoadableAsync(path, cancellationToken);
        return await VerifyAsync(
            services.GetRequiredService<IModelEngine>(),
            new ModelLoadRequest(profile.Id, profile.DisplayName, path, planned.Plan.Context, profile.ChatTemplate, planned),
            cancellationToken);
    }

    /// <summary>
    /// Loads the model and sets its plan beside what llama.cpp allocated, then opens its embeddings context. The model is
    /// leased as a request's is: it counts as in use (its own memory is left out of what the embeddings context may
    /// take, as for an embeddings request) and its keep-alive cannot unload it while it is measured.
    /// </summary>
    internal static async Task<PlanCommandOutcome> VerifyAsync(IModelEngine engine, ModelLoadRequest request, CancellationToken cancellationToken)
    {
        using var lease = await engine.LeaseAsync(request, cancellationToken);
        var model = lease.Client.Model;
        var used = model.Plan ?? request.Planned!.Plan;
        return new PlanCommandOutcome(request.Path, used, PlanComparison.Create(used, model.Buffers), await MeasureEmbeddingsAsync(model, used, cancellationToken));
    }

    /// <summary>
    /// Opens the model's embeddings context, as the first embeddings request would, and returns what llama.cpp reported
    /// allocating for it; null when the plan says it does not fit (the engine would refuse it) or the model gives no
    /// embeddings (a reranker). Informative: it does not change the exit code.
    /// </summary>
    private static async Task<MeasuredBuffers?> MeasureEmbeddingsAsync(LoadedModel model, OffloadPlan plan, CancellationToken cancellationToken)
    {
        if (plan.Embeddings is not { Fits: true })
        {
            return null;
        }

        try
        {
            await model.Embeddings.EmbedAsync(["Once upon a time"], cancellationToken);
            return model.Embeddings.Buffers;
        }
        catch (ModelScaleException)
        {
            return null;
        }
    }
}

/// <summary>What `plan` was asked: a profile id or path, an optional context, and whether to load and measure.</summary>
internal sealed record PlanCommandRequest(string Target, int? Context, bool Verify);

/// <summary>
/// What `plan` found: the file, the plan (the one really loaded, with --verify), the check against llama.cpp, and (with
/// --verify) what llama.cpp allocated for the embeddings context.
/// </summary>
internal sealed record PlanCommandOutcome(string Path, OffloadPlan Plan, PlanComparison? Comparison, MeasuredBuffers? Embeddings = null);
