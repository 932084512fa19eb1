using System.Runtime.CompilerServices;
using LLama;
using LLama.Native;
using LLama.Sampling;

namespace ModelScale.ChatHost.Engine;

/// <summary>One piece of streamed output; the last piece carries the answer's stats.</summary>
public readonly record struct GeneratedPiece(string Text, AnswerStats? Stats);

/// <summary>
/// The decode loop: evaluate the prompt (reusing the KV prefix shared with the previous turn), then sample
/// token by token until end of generation, a stop sequence, the token limit or a full context.
/// Cancelling during generation yields the partial answer's stats (finish reason "cancelled") and then throws
/// <see cref="OperationCanceledException"/>; cancelling during prompt evaluation just throws.
/// </summary>
public sealed class TokenGenerator(TimeProvider time)
{
    public async IAsyncEnumerable<GeneratedPiece> GenerateAsync(
        LoadedModel model,
        IReadOnlyList<LLamaToken> prompt,
        GenerationSettings settings,
        int trimmedMessages = 0,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(settings);
        if (prompt.Count == 0)
        {
            throw new ArgumentException("The prompt has no tokens.", nameof(prompt));
        }

        var started = time.GetTimestamp();
        await model.Gate.WaitAsync(cancellationToken);
        try
        {
            var context = model.Context;
            var vocab = model.Weights.Vocab;
            var cached = PrepareCache(model, prompt);

            var batch = new LLamaBatch();
            var position = cached;
            var batchSize = (int)context.BatchSize;
            while (position < prompt.Count)
            {
                cancellationToken.ThrowIfCancellationRequested();
                batch.Clear();
                var end = Math.Min(prompt.Count, position + batchSize);
                for (var i = position; i < end; i++)
                {
                    batch.Add(prompt[i], i, LLamaSeqId.Zero, logits: i == prompt.Count - 1);
                }

                await DecodeAsync(model, batch);
                for (var i = position; i < end; i++)
                {
                    model.Evaluated.Add(prompt[i]);
                }

                position = end;
            }

            var prefillDone = time.GetTimestamp();
            using var sampler = CreateSampler(settings);
            var decoder = new StreamingTokenDecoder(context);
            var filter = new StopSequenceFilter(settings.StopSequences);
            var limit = settings.MaxTokens ?? int.MaxValue;
            var generated = 0;
            long? firstToken = null;
            var finish = FinishReasons.Length;
            var logitIndex = batch.TokenCount - 1;

            while (generated < limit)
            {
                // Once tokens flow, a cancel ends the answer with its stats before the cancellation surfaces.
                if (cancellationToken.IsCancellationRequested)
                {
                    finish = FinishReasons.Cancelled;
                    break;
                }

                var token = sampler.Sample(context.NativeHandle, logitIndex);
                firstToken ??= time.GetTimestamp();
                if (!settings.IgnoreEndOfGeneration && token.IsEndOfGeneration(vocab))
                {
                    finish = FinishReasons.Stop;
                    break;
                }

                generated++;
                settings.OnToken?.Invoke(token);
                decoder.Add(token);
                var shown = filter.Push(decoder.Read());
                if (shown.Length > 0)
                {
                    yield return new GeneratedPiece(shown, null);
                }

                if (filter.Stopped)
                {
                    finish = FinishReasons.Stop;
                    break;
                }

                if (generated >= limit)
                {
                    break;
                }

                if (position >= model.SequenceContext)
                {
                    finish = FinishReasons.Length;
                    break;
                }

                batch.Clear();
                batch.Add(token, position, LLamaSeqId.Zero, logits: true);
                await DecodeAsync(model, batch);
                model.Evaluated.Add(token);
                position++;
                logitIndex = 0;
            }

            var rest = filter.Flush();
            if (rest.Length > 0)
            {
                yield return new GeneratedPiece(rest, null);
            }

            var finished = time.GetTimestamp();
            var firstAt = firstToken ?? finished;
            var prefill = time.GetElapsedTime(started, prefillDone);
            var decodeSpan = time.GetElapsedTime(firstAt, finished);
            var evaluatedPrompt = prompt.Count - cached;
            yield return new GeneratedPiece(string.Empty, new AnswerStats
            {
                ProfileId = model.Id,
                PromptTokens = prompt.Count,
                CachedPromptTokens = cached,
                CompletionTokens = generated,
                TimeToFirstToken = time.GetElapsedTime(started, firstAt),
                Total = time.GetElapsedTime(started, finished),
                PrefillTokensPerSecond = Rate(evaluatedPrompt, prefill),
                DecodeTokensPerSecond = Rate(generated - 1, decodeSpan),
                FinishReason = finish,
                TrimmedMessages = trimmedMessages,
            });

            cancellationToken.ThrowIfCancellationRequested();
        }
        finally
        {
            model.Gate.Release();
        }
    }

    /// <summary>Keeps the longest KV prefix shared with the new prompt and drops the rest; returns its length.</summary>
    private static int PrepareCache(LoadedModel model, IReadOnlyList<LLamaToken> prompt)
    {
        var evaluated = model.Evaluated;
        var common = 0;
        var max = Math.Min(evaluated.Count, prompt.Count);
        while (common < max && evaluated[common] == prompt[common])
        {
            common++;
        }

        // The last prompt token is always evaluated again: its logits start the answer.
        // Removing to the end also clears anything a cancelled decode left behind.
        common = Math.Min(common, prompt.Count - 1);
        model.Context.NativeHandle.MemorySequenceRemove(LLamaSeqId.Zero, common, -1);
        evaluated.RemoveRange(common, evaluated.Count - common);

        return common;
    }

    /// <summary>
    /// Every decode, prompt slices and single tokens alike, runs on the engine's inference thread: one OpenMP team for
    /// the whole process (see <see cref="InferenceThread"/>). The hop costs microseconds; a second team cost 16%.
    /// </summary>
    private static async Task DecodeAsync(LoadedModel model, LLamaBatch batch) => Check(model, await model.DecodeAsync(batch));

    private static void Check(LoadedModel model, DecodeResult result)
    {
        if (result != DecodeResult.Ok)
        {
            model.ResetCache();
            throw new InvalidOperationException($"llama.cpp could not evaluate the batch ({result}).");
        }
    }

    private static ISamplingPipeline CreateSampler(GenerationSettings settings) =>
        settings.Temperature <= 0
            ? new GreedySamplingPipeline()
            : new DefaultSamplingPipeline { Temperature = settings.Temperature, Seed = settings.Seed };

    private static double Rate(int tokens, TimeSpan elapsed) =>
        tokens <= 0 || elapsed <= TimeSpan.Zero ? 0 : tokens / elapsed.TotalSeconds;
}
