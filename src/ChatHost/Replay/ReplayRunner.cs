using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelScale.ChatHost.Bench;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Engine.Remote;
using ModelScale.ChatHost.Sessions;
using ModelScale.Profiles.Catalog;
using ModelScale.Profiles.Errors;
using ModelScale.Profiles.Gguf;
using ModelScale.Profiles.Planning;
using ModelScale.Profiles.Synthetic;

namespace ModelScale.ChatHost.Replay;

/// <summary>
/// Plays one conversation on several profiles in turn. Each profile gets a fresh <see cref="LocalChatSession"/>, so
/// its answers come from exactly the path a chat takes: the same template, prompt fitting, KV reuse and sampling.
/// Each model answers after its own earlier answers, or after the reference answers with teacher forcing. A profile
/// that is not on disk, not runnable, or whose plan does not fit is skipped with the reason; a failure is recorded and
/// the next profile plays. Ctrl+C ends the replay with what has finished.
/// </summary>
public sealed partial class ReplayRunner(
    ProfileCatalog catalog,
    ModelLocator locator,
    ProfileLoader loader,
    IModelEngine engine,
    IMemoryProbe memory,
    TimeProvider time,
    IOptions<EngineOptions> engineOptions,
    ILogger<ReplayRunner> logger,
    RemoteClientFactory? remotes = null,
    ModelPlanner? planner = null,
    ISystemLoad? systemLoad = null,
    IBandwidthSource? bandwidthSource = null) : IConversationReplay
{
    /// <summary>The warm-up prompt: short and unrelated to any conversation, so it warms the model and leaves no useful cache.</summary>
    public const string WarmUpPrompt = "Say hello.";

    /// <summary>Tokens the warm-up answer may take.</summary>
    public const int WarmUpTokens = 4;

    /// <summary>The most measured passes a replay takes.</summary>
    public const int MostRepeats = 100;

    /// <summary>The profiles a replay would play, in order, each once.</summary>
    /// <exception cref="CatalogException">An id that is not in the catalog, or none given.</exception>
    void IConversationReplay.Check(IReadOnlyList<string> profiles) => Resolve(profiles);

    public IReadOnlyList<ModelProfile> Resolve(IEnumerable<string> idsOrPaths)
    {
        ArgumentNullException.ThrowIfNull(idsOrPaths);
        var profiles = new List<ModelProfile>();
        foreach (var idOrPath in idsOrPaths.Select(s => s.Trim()).Where(s => s.Length > 0))
        {
            var profile = ProfileResolver.Resolve(catalog, idOrPath);
            if (!profiles.Any(p => string.Equals(p.Id, profile.Id, StringComparison.OrdinalIgnoreCase)))
            {
                profiles.Add(profile);
            }
        }

        return profiles.Count > 0
            ? profiles
            : throw new CatalogException($"No profile to replay on: give ids ({string.Join(", ", catalog.Ids)}) with --profiles, or files with --model.");
    }

    /// <summary>Checks that a conversation can be replayed with these options.</summary>
    /// <exception cref="ConversationException">No turns, or teacher forcing without the reference answers it feeds.</exception>
    public static void Validate(Conversation conversation, ReplayOptions options, string source)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(options);
        if (conversation.Turns.Count == 0)
        {
            throw new ConversationException($"{source} has no turns to replay.");
        }

        if (options.Repeat is < 1 or > MostRepeats)
        {
            throw new ConversationException($"A replay repeats each tier 1 to {MostRepeats} times, not {options.Repeat}.");
        }

        if (options.TeacherForcing)
        {
            for (var i = 0; i < conversation.Turns.Count - 1; i++)
            {
                if (conversation.Turns[i].Reference is null)
                {
                    throw new ConversationException(
                        $"--teacher-forcing feeds each turn's reference answer to the next, but turn {i + 1} of {source} has no \"reference\".");
                }
            }
        }
    }

    public async Task<ReplayResult> RunAsync(Conversation conversation, ReplayOptions options, IReplayProgress? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(options);
        progress ??= NoReplayProgress.Instance;
        var profiles = Resolve(options.Profiles);
        Validate(conversation, options, options.Source);

        var startedAt = time.GetLocalNow();
        var started = time.GetTimestamp();
        using var loadWatch = LoadWatch.Start(systemLoad ?? new ProcLoadAverage(), time, LoadWatch.DefaultInterval);
        var bandwidth = bandwidthSource?.Read();

        // Everything is checked and planned before anything loads: the skips are known at once, and the plans made
        // against the memory free now are what the residency budget is judged by.
        var candidates = profiles.Select(p => Inspect(p, bandwidth)).ToList();
        progress.ReplayStarting([.. candidates.Select(c => c.Skipped is null)]);
        var results = new List<ProfileResult>();
        var interrupted = false;
        InspectedProfile? stillResident = null;
        for (var i = 0; i < candidates.Count; i++)
        {
            var (profile, inspected, skipped) = candidates[i];
            if (interrupted)
            {
                break;
            }

            progress.ProfileStarting(i, candidates.Count, profile.Id, conversation.Turns.Count);
            ProfileResult result;
            if (skipped is not null)
            {
                LogSkipped(logger, profile.Id, skipped.StatusLine);
                result = skipped;
            }
            else
            {
                (result, interrupted) = await PlayAsync(profile, inspected, conversation, options, stillResident is not null, bandwidth, progress, cancellationToken);
                if (inspected is not null)
                {
                    stillResident = KeepResident(inspected, candidates.Skip(i + 1).FirstOrDefault(c => c.Inspected is not null).Inspected);
                }
            }

            results.Add(result);
            progress.ProfileFinished(i, candidates.Count, result);
        }

        return new ReplayResult
        {
            Source = options.Source,
            StartedAt = startedAt,
            WallTime = time.GetElapsedTime(started),
            SystemPrompt = conversation.System,
            Turns = conversation.Turns,
            Sampling = options.Sampling,
            TeacherForcing = options.TeacherForcing,
            Interrupted = interrupted,
            Threads = engineOptions.Value.EffectiveThreads,
            Profiles = results,
            Load = loadWatch.Stop(),
            Bandwidth = bandwidth,
            Repeat = options.Repeat,
            WarmUp = options.WarmUp,
        };
    }

    /// <summary>Unloads a model before the next one plays, unless the memory free before the replay holds both plans.</summary>
    private InspectedProfile? KeepResident(InspectedProfile played, InspectedProfile? next)
    {
        if (next is not null && ResidencyBudget.HoldsBoth(played.Plan, next.Plan))
        {
            LogKept(logger, played.Request.Id, next.Request.Id);
            return played;
        }

        if (next is not null)
        {
            engine.Unload(played.Request.Id);
        }

        return null;
    }

    private (ModelProfile Profile, InspectedProfile? Inspected, ProfileResult? Skipped) Inspect(ModelProfile profile, MemoryBandwidth? bandwidth)
    {
        var skipped = new ProfileResult
        {
            Id = profile.Id,
            DisplayName = profile.DisplayName,
            Status = ReplayStatus.Skipped,
            ParameterCount = profile.Parameters,
            Quantization = profile.Quantization == ModelProfile.Unknown ? null : profile.Quantization,
        };

        if (profile.IsRemote)
        {
            // Served elsewhere: nothing to inspect or plan here; it plays like any tier.
            return (profile, null, null);
        }

        string path;
        try
        {
            path = locator.ResolvePath(profile);
        }
        catch (CatalogException ex)
        {
            return (profile, null, skipped with { Reason = "no file to look for", Detail = ex.Message });
        }

        if (!File.Exists(path))
        {
            return (profile, null, PlanAbsent(profile, skipped with { Reason = "not on disk", Detail = $"looked for {path}", Path = path, Obtain = $"modelscale pull {profile.Id}" }, bandwidth));
        }

        InspectedProfile inspected;
        try
        {
            inspected = loader.Inspect(profile);
        }
        catch (Exception ex) when (ex is ModelScaleException or IOException or UnauthorizedAccessException)
        {
            return (profile, null, skipped with { Reason = "not a model llama.cpp can run", Detail = ex.Message, Path = path });
        }

        if (!inspected.Plan.Fits)
        {
            return (profile, null, Describe(skipped, inspected) with
            {
                Reason = "does not fit in RAM + VRAM",
                Detail = inspected.Plan.Reason,
                Plan = ReplayPlan.From(inspected.Plan),
                Prediction = Predict(inspected.Request.Planned, inspected.Plan, bandwidth),
            });
        }

        return (profile, inspected, null);
    }

    /// <summary>
    /// A tier not on disk, planned from the built-in shape its profile names (as `plan` does): what it would need, whether
    /// it fits, and how fast it would decode. Without a shape, or a planner, it stays a plain skip.
    /// </summary>
    private ProfileResult PlanAbsent(ModelProfile profile, ProfileResult skipped, MemoryBandwidth? bandwidth)
    {
        if (planner is null || !ModelShapes.TryGet(profile.Shape, out _))
        {
            return skipped;
        }

        try
        {
            var (_, header, _) = ProfileHeaders.Read(profile, locator);
            var context = engineOptions.Value.ContextLength is { } asked && header.ContextLength is > 0 and var trained
                ? Math.Min(asked, trained)
                : ProfileHeaders.DefaultContext(profile, header);
            var planned = planner.Plan(header, context);
            return skipped with
            {
                ParameterCount = header.ParameterCount,
                FileSizeBytes = header.FileSize > 0 ? header.FileSize : null,
                Plan = ReplayPlan.From(planned.Plan),
                Prediction = Predict(planned, planned.Plan, bandwidth),
            };
        }
        catch (Exception ex) when (ex is ModelScaleException or IOException)
        {
            LogNotPlanned(logger, profile.Id, ex.Message);
            return skipped;
        }
    }

    private static DecodePrediction? Predict(PlannedLoad? planned, OffloadPlan plan, MemoryBandwidth? bandwidth) =>
        planned is null ? null : DecodePrediction.Of(TokenTraffic.Of(planned.Facts, plan), bandwidth);

    private async Task<(ProfileResult Result, bool Interrupted)> PlayAsync(
        ModelProfile profile,
        InspectedProfile? inspected,
        Conversation conversation,
        ReplayOptions options,
        bool sharedMemory,
        MemoryBandwidth? bandwidth,
        IReplayProgress progress,
        CancellationToken cancellationToken)
    {
        var id = inspected?.Request.Id ?? profile.Id;
        var started = new ProfileResult { Id = id, DisplayName = profile.DisplayName, Status = ReplayStatus.Completed };
        var result = inspected is null
            ? started with { ParameterCount = profile.Parameters, Path = profile.Remote?.BaseUrl.ToString(), Plan = RemotePlan(profile) }
            : Describe(started, inspected) with { SharedMemoryWithPrevious = sharedMemory };

        // A clean start: a resident copy (the chat's, or an earlier replay's) is unloaded, so that the load is measured
        // and the KV cache is empty, exactly as for a chat that starts on this profile.
        foreach (var resident in engine.Resident.Where(m => m.Request.Path == inspected?.Request.Path).ToList())
        {
            engine.Unload(resident.Id);
        }

        using var sampler = MemorySampler.Start(memory, time, options.SampleInterval);
        await using var session = new LocalChatSession(catalog, locator, loader, engine, time, remotes: remotes);
        var turns = new List<TurnResult>();
        try
        {
            var loaded = await session.SwitchToAsync(inspected is { Profile.IsAdHoc: true } ? inspected.Request.Path : profile.Id, cancellationToken);
            var plan = loaded.Plan is { } used ? ReplayPlan.From(used, loaded.FallbackSteps) : result.Plan;
            var prediction = loaded.Plan is { } usedPlan && inspected is not null ? Predict(inspected.Request.Planned, usedPlan, bandwidth) : null;
            result = result with { LoadTime = loaded.Elapsed, Plan = plan, Prediction = prediction };
            progress.ProfileLoaded(id, loaded.Elapsed, plan);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (result with { Status = ReplayStatus.Interrupted, Memory = sampler.Stop() }, true);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (result with { Status = ReplayStatus.Failed, Reason = "could not load", Detail = ex.Message, Memory = sampler.Stop() }, false);
        }

        // Each measured pass plays the whole conversation from an empty history. The warm-up before it (not measured)
        // wakes the weights and the threads, and leaves the same cache state before every pass.
        var passes = new List<IReadOnlyList<TurnResult>>();
        for (var pass = 0; pass < options.Repeat; pass++)
        {
            progress.PassStarting(id, pass, options.Repeat);
            try
            {
                if (options.WarmUp)
                {
                    await StartPassAsync(session, conversation.System, options.Sampling with { MaxTokens = WarmUpTokens }, cancellationToken);
                    await AnswerAsync(session, WarmUpPrompt, cancellationToken);
                }

                await StartPassAsync(session, conversation.System, options.Sampling, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return (Finish(result with { Status = ReplayStatus.Interrupted }, passes, turns, options, sampler), true);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return (Finish(result with { Status = ReplayStatus.Failed, Reason = "the warm-up failed", Detail = ex.Message }, passes, turns, options, sampler), false);
            }

            var played = new List<TurnResult>();
            for (var t = 0; t < conversation.Turns.Count; t++)
            {
                var turn = conversation.Turns[t];
                try
                {
                    if (options.TeacherForcing && t > 0)
                    {
                        // The earlier turns as the reference answers give them, whatever this model said.
                        await session.ImportAsync(new Conversation { System = conversation.System, Turns = conversation.Turns.Take(t).ToList() }, cancellationToken);
                    }

                    var stats = await AnswerAsync(session, turn.User, cancellationToken);
                    var answer = TurnResult.From(t + 1, session.History[^1].Text, stats, turn.Expect, turn.Reference);
                    played.Add(answer);
                    if (pass == 0)
                    {
                        turns.Add(answer);
                    }

                    progress.TurnFinished(id, answer, conversation.Turns.Count);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return (Finish(result with { Status = ReplayStatus.Interrupted }, passes, turns, options, sampler), true);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    return (Finish(result with { Status = ReplayStatus.Failed, Reason = $"turn {t + 1} failed", Detail = ex.Message }, passes, turns, options, sampler), false);
                }
            }

            passes.Add(played);
        }

        return (Finish(result, passes, turns, options, sampler), false);
    }

    /// <summary>The answers of the first pass, the speeds of every finished pass, and the memory peak.</summary>
    private static ProfileResult Finish(ProfileResult result, List<IReadOnlyList<TurnResult>> passes, List<TurnResult> turns, ReplayOptions options, MemorySampler sampler) =>
        result with
        {
            Turns = turns,
            Speed = passes.Count > 0 ? SpeedSummary.Of(passes, options.WarmUp) : null,
            Memory = sampler.Stop(),
        };

    private static async Task StartPassAsync(LocalChatSession session, string? system, SamplingSettings sampling, CancellationToken cancellationToken)
    {
        await session.ResetAsync(cancellationToken);
        await session.SetSystemPromptAsync(system, cancellationToken);
        await session.SetSamplingAsync(sampling, cancellationToken);
    }

    private static async Task<AnswerStats> AnswerAsync(LocalChatSession session, string text, CancellationToken cancellationToken)
    {
        var answer = new StringBuilder();
        AnswerStats? stats = null;
        await foreach (var update in session.SendAsync(text, cancellationToken))
        {
            answer.Append(update.Text);
            stats = update.Stats ?? stats;
        }

        return stats ?? throw new InvalidOperationException("The engine gave an answer without its stats.");
    }

    /// <summary>The model's facts from its header: parameters, file size, quantization, path.</summary>
    /// <summary>What the report's plan column says of a remote tier: where it runs; its memory is not ours to plan.</summary>
    private static ReplayPlan RemotePlan(ModelProfile profile) =>
        new(0, 0, 0, 0, 0, Fits: true, Reason: profile.Remote!.Describe());

    private static ProfileResult Describe(ProfileResult result, InspectedProfile inspected)
    {
        string? quantization = null;
        try
        {
            var summary = GgufSummary.From(inspected.Gguf);
            quantization = summary.FileType ?? summary.DominantType?.ToString();
        }
        catch (GgufFormatException)
        {
            // A metadata key of the wrong type: the catalog's word is all there is.
        }

        var declared = inspected.Profile.Quantization == ModelProfile.Unknown ? null : inspected.Profile.Quantization;
        return result with
        {
            Path = inspected.Request.Path,
            ParameterCount = inspected.Gguf.ParameterCount,
            FileSizeBytes = inspected.Gguf.FileSize,
            Quantization = quantization ?? declared,
            Plan = ReplayPlan.From(inspected.Plan),
        };
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Replay skips {Id}: {Why}")]
    private static partial void LogSkipped(ILogger logger, string id, string why);

    [LoggerMessage(EventId = 22, Level = LogLevel.Debug, Message = "Replay cannot plan {Id}: {Why}")]
    private static partial void LogNotPlanned(ILogger logger, string id, string why);

    [LoggerMessage(EventId = 21, Level = LogLevel.Debug, Message = "Replay keeps {Id} resident while {Next} plays: free memory holds both plans")]
    private static partial void LogKept(ILogger logger, string id, string next);
}
