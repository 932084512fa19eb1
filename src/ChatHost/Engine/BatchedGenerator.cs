using System.Runtime.CompilerServices;
using LLama;
using LLama.Native;

namespace ModelScale.ChatHost.Engine;

/// <summary>
/// One answer decoded in a model's <see cref="BatchedDecoder"/> alongside the other requests on that model, streamed
/// as the same pieces <see cref="TokenGenerator"/> gives: text through the stop-sequence filter, then the stats.
/// Cancelling during generation yields the partial answer's stats (finish reason "cancelled") and then throws
/// <see cref="OperationCanceledException"/>; cancelling before the first token just throws.
/// </summary>
public static class BatchedGenerator
{
    public static async IAsyncEnumerable<GeneratedPiece> GenerateAsync(
        LoadedModel model,
        IReadOnlyList<LLamaToken> prompt,
        GenerationSettings settings,
        int trimmedMessages = 0,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var decoder = model.Batched ?? throw new InvalidOperationException($"{model.Id} was loaded for one sequence; it has no batched decoder.");
        cancellationToken.ThrowIfCancellationRequested();
        var sequence = decoder.Start(prompt, settings);
        var text = new StreamingTokenDecoder(model.Context);
        var filter = new StopSequenceFilter(settings.StopSequences);
        var stopped = false;
        var received = 0;
        try
        {
            using (cancellationToken.Register(sequence.Cancel))
            {
                // Reading ends when the decoder completes the sequence: its end, a cancel, or a failure (thrown here).
                await foreach (var token in sequence.Tokens.ReadAllAsync(CancellationToken.None))
                {
                    received++;
                    text.Add(token);
                    var shown = filter.Push(text.Read());
                    if (shown.Length > 0)
                    {
                        yield return new GeneratedPiece(shown, null);
                    }

                    if (filter.Stopped)
                    {
                        stopped = true;
                        sequence.Cancel();
                        break;
                    }
                }
            }

            var rest = filter.Flush();
            if (rest.Length > 0)
            {
                yield return new GeneratedPiece(rest, null);
            }

            var stats = await sequence.Completion;
            if (received == 0 && cancellationToken.IsCancellationRequested)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            // A stop sequence ends the answer where the caller saw it; tokens the decoder made after that are dropped.
            var kept = stopped ? received : stats.CompletionTokens;
            var decodeSpan = stopped && received > 1 ? KeptSpan(stats, received, decoder.Time) : stats.DecodeSpan;
            yield return new GeneratedPiece(string.Empty, new AnswerStats
            {
                ProfileId = model.Id,
                PromptTokens = stats.PromptTokens,
                CachedPromptTokens = stats.CachedPromptTokens,
                CompletionTokens = kept,
                TimeToFirstToken = stats.TimeToFirstToken,
                Total = stats.Total,
                PrefillTokensPerSecond = stats.PrefillTokensPerSecond,
                DecodeTokensPerSecond = kept > 1 && decodeSpan > TimeSpan.Zero ? (kept - 1) / decodeSpan.TotalSeconds : 0,
                FinishReason = stopped ? FinishReasons.Stop : stats.FinishReason,
                TrimmedMessages = trimmedMessages,
            });

            cancellationToken.ThrowIfCancellationRequested();
        }
        finally
        {
            // A caller that stops reading early (a client that went away) frees the slot at the next step.
            sequence.Cancel();
        }
    }

    /// <summary>From the first token to the <paramref name="count"/>th: the span of the tokens the caller kept.</summary>
    private static TimeSpan KeptSpan(BatchedSequenceStats stats, int count, TimeProvider time) =>
        time.GetElapsedTime(stats.TokenTimestamps[0], stats.TokenTimestamps[Math.Min(count, stats.TokenTimestamps.Count) - 1]);
}
