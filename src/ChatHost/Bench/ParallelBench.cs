using LLama.Native;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Engine.Decoding;
using ModelScale.Profiles.Catalog;

namespace ModelScale.ChatHost.Bench;

/// <summary>
/// Batching, measured on its own: one model loaded for N sequences, decoded by its <see cref="DecodeLoop"/> (the
/// one serve answers concurrent requests with) with one sequence, then with N where the last one joins while the
/// others are streaming. Every sequence gets a prompt of its own, so no slot finds its prompt already cached.
/// </summary>
public sealed class ParallelBench(ProfileLoader loader, TimeProvider time, BenchSettings settings)
{
    /// <summary>Prompt tokens per sequence: batching is about decode, so the prompts are short.</summary>
    public const int MaxPromptTokens = 64;

    /// <summary>Tokens the early sequences have produced when the last one joins.</summary>
    public const int JoinAfterTokens = 8;

    private const int MaxRuns = 3;

    public async Task<ParallelResult> MeasureAsync(ModelProfile profile, Action<string> report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(report);
        var sequences = settings.Parallel;
        var load = await loader.LoadAsync(profile, cancellationToken);
        var prompt = BenchPrompt.Build(load.Model, Math.Min(MaxPromptTokens, settings.PromptTokens));
        var decoder = load.Model.Decoder;
        if (decoder.Sequences < sequences)
        {
            throw new InvalidOperationException($"{profile.Id} was loaded for {decoder.Sequences} sequences, not {sequences}.");
        }

        var chunk = decoder.PrefillChunk;
        var runs = Math.Clamp(settings.Repeat, 1, MaxRuns);
        var variant = 0;

        var single = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var alone = decoder.Start(Variant(prompt, ++variant), Settings(settings.GenTokens, null));
            var stats = await alone.Completion.WaitAsync(cancellationToken);
            single.Add(stats.DecodeTokensPerSecond);
            report($"batched x1 run {run + 1}/{runs}: {stats.DecodeTokensPerSecond:F2} tok/s");
        }

        var together = new List<Together>();
        for (var run = 0; run < runs; run++)
        {
            var early = 0;
            var joinNow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var starters = Enumerable.Range(0, sequences - 1)
                .Select(_ => decoder.Start(Variant(prompt, ++variant), Settings(settings.GenTokens, () =>
                {
                    if (Interlocked.Increment(ref early) >= JoinAfterTokens * (sequences - 1))
                    {
                        joinNow.TrySetResult();
                    }
                })))
                .ToList();
            await Task.WhenAny(joinNow.Task, Task.WhenAll(starters.Select(s => s.Completion))).WaitAsync(cancellationToken);

            // The newcomer asks for fewer tokens, so that all sequences end at about the same step.
            var lateTokens = Math.Max(1, settings.GenTokens - JoinAfterTokens - ((prompt.Length + chunk - 1) / chunk));
            var late = decoder.Start(Variant(prompt, ++variant), Settings(lateTokens, null));
            var all = await Task.WhenAll(starters.Append(late).Select(s => s.Completion)).WaitAsync(cancellationToken);
            var result = Together.From(all, time);
            together.Add(result);
            report($"batched x{sequences} run {run + 1}/{runs}: aggregate {result.Aggregate:F2} tok/s, fairness {result.Fairness:F2}, late join TTFT {result.LateTtftMs:F0} ms ({result.OthersDuringJoin} tokens from the others meanwhile)");
        }

        var median = together.OrderBy(t => t.Aggregate).ElementAt(together.Count / 2);
        return new ParallelResult
        {
            Sequences = sequences,
            PromptTokens = prompt.Length,
            GenTokens = settings.GenTokens,
            PrefillChunk = chunk,
            SingleTokensPerSecond = Distribution.Of(single),
            AggregateTokensPerSecond = Distribution.Of(together.Select(t => t.Aggregate)),
            PerSequenceTokensPerSecond = median.PerSequence,
            Fairness = median.Fairness,
            LateJoinTimeToFirstTokenMilliseconds = Distribution.Of(together.Select(t => t.LateTtftMs)),
            OthersTokensDuringJoin = median.OthersDuringJoin,
            LongestGapMilliseconds = median.LongestGapMs,
        };
    }

    /// <summary>The prompt with its tokens after the first rotated by <paramref name="shift"/>: same length, another start.</summary>
    private static LLamaToken[] Variant(LLamaToken[] prompt, int shift)
    {
        var rest = prompt.Length - 1;
        if (rest < 2)
        {
            return prompt;
        }

        var variant = new LLamaToken[prompt.Length];
        variant[0] = prompt[0];
        for (var i = 0; i < rest; i++)
        {
            variant[1 + i] = prompt[1 + ((i + shift) % rest)];
        }

        return variant;
    }

    private static GenerationSettings Settings(int tokens, Action? onToken) => new()
    {
        MaxTokens = tokens,
        IgnoreEndOfGeneration = true,
        OnToken = onToken is null ? null : _ => onToken(),
    };

    /// <summary>One run of N sequences: the early ones first, the late joiner last.</summary>
    private sealed record Together(double Aggregate, IReadOnlyList<double> PerSequence, double Fairness, double LateTtftMs, int OthersDuringJoin, double LongestGapMs)
    {
        public static Together From(IReadOnlyList<SequenceStats> all, TimeProvider time)
        {
            var first = all.Min(s => s.TokenTimestamps[0]);
            var last = all.Max(s => s.TokenTimestamps[^1]);
            var tokens = all.Sum(s => s.CompletionTokens);
            var aggregate = (tokens - 1) / time.GetElapsedTime(first, last).TotalSeconds;
            var perSequence = all.Select(s => s.DecodeTokensPerSecond).ToList();
            var fairness = perSequence.Min() / (aggregate / all.Count);
            var late = all[^1];
            var lateStart = late.TokenTimestamps[0] - (long)(late.TimeToFirstToken.TotalSeconds * time.TimestampFrequency);
            var during = all.Take(all.Count - 1).Sum(s => s.TokenTimestamps.Count(t => t > lateStart && t < late.TokenTimestamps[0]));
            var gap = all.Take(all.Count - 1).Max(s => s.LongestGap.TotalMilliseconds);
            return new Together(aggregate, perSequence, fairness, late.TimeToFirstToken.TotalMilliseconds, during, gap);
        }
    }
}
