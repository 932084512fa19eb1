using System.Runtime.CompilerServices;
using LLama.Native;

namespace ModelScale.ChatHost.Engine.Decoding;

/// <summary>
/// One answer from a model's <see cref="DecodeLoop"/> as the stream every caller reads: the text as it comes, then a
/// last piece with its <see cref="AnswerStats"/>. Cancelling after the first token yields the partial answer's stats
/// (finish reason "cancelled") and then throws <see cref="OperationCanceledException"/>; cancelling before it just
/// throws. A caller that stops reading early frees the slot at the next step.
/// </summary>
public static class AnswerStream
{
    public static async IAsyncEnumerable<GeneratedPiece> GenerateAsync(
        LoadedModel model,
        IReadOnlyList<LLamaToken> prompt,
        GenerationSettings settings,
        int trimmedMessages = 0,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        cancellationToken.ThrowIfCancellationRequested();
        var sequence = model.Decoder.Start(prompt, settings);
        try
        {
            using (cancellationToken.Register(sequence.Cancel))
            {
                // Reading ends when the loop completes the sequence: its end, a cancel, or a failure (thrown below).
                await foreach (var piece in sequence.Text.ReadAllAsync(CancellationToken.None))
                {
                    yield return piece;
                }
            }

            var stats = await sequence.Completion;
            if (stats.CompletionTokens == 0 && cancellationToken.IsCancellationRequested)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            yield return new GeneratedPiece(string.Empty, new AnswerStats
            {
                ProfileId = model.Id,
                PromptTokens = stats.PromptTokens,
                CachedPromptTokens = stats.CachedPromptTokens,
                CompletionTokens = stats.CompletionTokens,
                TimeToFirstToken = stats.TimeToFirstToken,
                Total = stats.Total,
                PrefillTokensPerSecond = stats.PrefillTokensPerSecond,
                DecodeTokensPerSecond = stats.DecodeTokensPerSecond,
                FinishReason = stats.FinishReason,
                TrimmedMessages = trimmedMessages,
            });

            cancellationToken.ThrowIfCancellationRequested();
        }
        finally
        {
            sequence.Cancel();
        }
    }
}
