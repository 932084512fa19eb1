using LLama.Native;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Engine.Decoding;
using ModelScale.Profiles.Catalog;

namespace ModelScale.ChatHost.Bench;

/// <summary>
/// Measures models through the path chat uses: <see cref="ProfileLoader"/> loads (with the memory plan), the engine
/// keeps them resident, and <see cref="LlamaChatClient"/> runs the decode loop (<see cref="DecodeLoop"/>). Only the
/// chat template is skipped, so that the prompt is exactly the number of tokens asked for.
/// </summary>
public sealed class BenchRunner(ProfileLoader loader, IModelEngine engine, TimeProvider time, BenchSettings settings)
{
    /// <summary>Prompt tokens and answer tokens of each turn in the switch-back measurement.</summary>
    private const int SwitchPromptTokens = 128;
    private const int SwitchAnswerTokens = 16;
    private const int FollowUpTokens = 16;
    private const int FollowUpAnswerTokens = 4;
    private const int MaxSwitchCycles = 5;

    /// <summary>One cold run, then <see cref="BenchSettings.Repeat"/> runs, each on a freshly loaded model.</summary>
    public async Task<BenchTargetResult> MeasureAsync(ModelProfile profile, Action<string> report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(report);
        PeakMemory.TryReset();
        var greedy = new List<int>();
        string? checksum = null;
        string? path = null;
        TokenTraffic? traffic = null;
        var runs = new List<BenchRun>();
        for (var i = 0; i <= settings.Repeat; i++)
        {
            engine.Unload(profile.Id);
            var started = time.GetTimestamp();
            var load = await loader.LoadAsync(profile, cancellationToken);
            var loadTime = time.GetElapsedTime(started);
            path ??= load.Model.Request.Path;
            traffic ??= load.Model.Plan is { } plan && load.Model.Request.Planned is { } planned ? TokenTraffic.Of(planned.Facts, plan) : null;
            var prompt = BenchPrompt.Build(load.Model, settings.PromptTokens);
            checksum ??= BenchPrompt.Checksum(prompt.Select(t => (int)t));
            var tokens = new List<int>(settings.GenTokens);
            var stats = await GenerateAsync(load.Client, prompt, settings.GenTokens, tokens, cancellationToken, settings.Logprobs);
            if (stats.CompletionTokens != settings.GenTokens || stats.CachedPromptTokens != 0)
            {
                throw new InvalidOperationException(
                    $"The run generated {stats.CompletionTokens} of {settings.GenTokens} tokens and reused {stats.CachedPromptTokens} prompt tokens; a benchmark run must do all the work.");
            }

            if (i == 0)
            {
                greedy = tokens;
            }

            var run = new BenchRun(
                loadTime.TotalMilliseconds,
                stats.PrefillTokensPerSecond,
                stats.DecodeTokensPerSecond,
                stats.TimeToFirstToken.TotalMilliseconds,
                stats.PromptTokens,
                stats.CachedPromptTokens,
                stats.CompletionTokens);
            runs.Add(run);
            report($"{profile.Id} {(i == 0 ? "cold" : $"run {i}/{settings.Repeat}")}: load {run.LoadMilliseconds:F0} ms, prefill {run.PrefillTokensPerSecond:F1} tok/s, decode {run.DecodeTokensPerSecond:F2} tok/s, TTFT {run.TimeToFirstTokenMilliseconds:F0} ms");
        }

        engine.Unload(profile.Id);
        var measured = runs.Count > 1 ? runs.Skip(1).ToList() : runs;
        return new BenchTargetResult
        {
            Profile = profile.Id,
            Path = path!,
            FileBytes = new FileInfo(path!).Length,
            PromptChecksum = checksum!,
            Cold = runs[0],
            Runs = measured,
            LoadMilliseconds = Distribution.Of(measured.Select(r => r.LoadMilliseconds)),
            PrefillTokensPerSecond = Distribution.Of(measured.Select(r => r.PrefillTokensPerSecond)),
            DecodeTokensPerSecond = Distribution.Of(measured.Select(r => r.DecodeTokensPerSecond)),
            TimeToFirstTokenMilliseconds = Distribution.Of(measured.Select(r => r.TimeToFirstTokenMilliseconds)),
            PeakRssBytes = PeakMemory.ReadPeakRssBytes(),
            GreedyTokens = greedy,
            Traffic = traffic,
        };
    }

    /// <summary>
    /// A answers, B answers, then A is asked for again: how long that takes, whether A was still resident, and whether
    /// the next turn on A reused every token A had evaluated.
    /// </summary>
    public async Task<SwitchBackResult> SwitchBackAsync(ModelProfile a, ModelProfile b, Action<string> report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(report);
        engine.Unload(a.Id);
        engine.Unload(b.Id);
        var started = time.GetTimestamp();
        var onA = await loader.LoadAsync(a, cancellationToken);
        var onB = await loader.LoadAsync(b, cancellationToken);
        var firstLoad = time.GetElapsedTime(started);

        var promptTokens = Math.Min(SwitchPromptTokens, settings.PromptTokens);
        var history = new List<LLamaToken>(BenchPrompt.Build(onA.Model, promptTokens));
        var answer = new List<int>();
        await GenerateAsync(onA.Client, history, SwitchAnswerTokens, answer, cancellationToken);
        history.AddRange(answer.Select(t => (LLamaToken)t));
        var promptB = BenchPrompt.Build(onB.Model, promptTokens);
        await GenerateAsync(onB.Client, promptB, SwitchAnswerTokens, null, cancellationToken);

        var extra = BenchPrompt.Build(onA.Model, FollowUpTokens + 1)[1..];
        var cycles = Math.Clamp(settings.Repeat, 1, MaxSwitchCycles);
        var switches = new List<double>();
        var resident = true;
        var reused = true;
        int? firstCached = null, firstFollowUp = null, firstFollowUpCached = null;
        double? firstFollowUpTtft = null;
        for (var cycle = 0; cycle < cycles; cycle++)
        {
            // Away to B (it answers a little), then back to A.
            onB = await loader.LoadAsync(b, cancellationToken);
            await GenerateAsync(onB.Client, promptB, FollowUpAnswerTokens, null, cancellationToken);
            var cachedBefore = onA.Model.Decoder.CachedTokens;

            var switchStarted = time.GetTimestamp();
            onA = await loader.LoadAsync(a, cancellationToken);
            var switched = time.GetElapsedTime(switchStarted);
            switches.Add(switched.TotalMilliseconds);
            resident &= onA.WasResident;

            history.AddRange(extra);
            answer.Clear();
            var followUp = await GenerateAsync(onA.Client, history, FollowUpAnswerTokens, answer, cancellationToken);
            history.AddRange(answer.Select(t => (LLamaToken)t));
            reused &= followUp.CachedPromptTokens == cachedBefore;
            firstCached ??= cachedBefore;
            firstFollowUp ??= followUp.PromptTokens;
            firstFollowUpCached ??= followUp.CachedPromptTokens;
            firstFollowUpTtft ??= followUp.TimeToFirstToken.TotalMilliseconds;
            report($"switch back to {a.Id}: {switched.TotalMilliseconds:F2} ms, {(onA.WasResident ? "resident" : "reloaded")}, follow-up reused {followUp.CachedPromptTokens}/{cachedBefore} cached tokens, TTFT {followUp.TimeToFirstToken.TotalMilliseconds:F0} ms");
        }

        engine.Unload(a.Id);
        engine.Unload(b.Id);
        return new SwitchBackResult
        {
            From = a.Id,
            Via = b.Id,
            FirstLoadMilliseconds = firstLoad.TotalMilliseconds,
            SwitchMilliseconds = Distribution.Of(switches),
            WasResident = resident,
            Cycles = cycles,
            Reused = resident && reused,
            CachedBeforeSwitch = firstCached ?? 0,
            FollowUpPromptTokens = firstFollowUp ?? 0,
            FollowUpCachedTokens = firstFollowUpCached ?? 0,
            FollowUpTimeToFirstTokenMilliseconds = firstFollowUpTtft ?? 0,
        };
    }

    private static async Task<AnswerStats> GenerateAsync(LlamaChatClient client, IReadOnlyList<LLamaToken> prompt, int tokens, List<int>? sink, CancellationToken cancellationToken, int? logprobs = null)
    {
        var generation = new GenerationSettings
        {
            MaxTokens = tokens,
            IgnoreEndOfGeneration = true,
            OnToken = sink is null ? null : t => sink.Add((int)t),
            Logprobs = logprobs,
        };
        AnswerStats? stats = null;
        await foreach (var piece in client.GenerateAsync(prompt, generation, cancellationToken))
        {
            stats = piece.Stats ?? stats;
        }

        return stats ?? throw new InvalidOperationException("The answer ended without its stats.");
    }
}
