using System.Collections.Concurrent;
using LLama.Native;

namespace ModelScale.ChatHost.Engine;

/// <summary>
/// Decodes several sequences of one resident model together. Each step is one llama_decode that holds the last token
/// of every sequence that is generating, plus up to <see cref="PrefillChunk"/> prompt tokens of sequences that are
/// joining, so a newcomer's prompt is evaluated a slice at a time while the others keep streaming. Every generating
/// sequence gets one token per step: the share is fair by construction.
/// </summary>
/// <remarks>
/// The model's context must have been loaded with room for <c>maxSequences</c> sequences (EngineOptions.Parallel).
/// While <see cref="RunAsync"/> runs it holds the model's gate, so single-sequence answers wait; it clears the KV cache
/// before and after, because sequence 0 is shared with <see cref="TokenGenerator"/>'s prefix cache.
/// </remarks>
public sealed class BatchedDecoder
{
    private readonly LoadedModel _model;
    private readonly TimeProvider _time;
    private readonly ConcurrentQueue<BatchedSequence> _pending = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly int _maxSequences;
    private readonly int _perSequenceContext;

    public BatchedDecoder(LoadedModel model, int maxSequences, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSequences);
        var capacity = (int)model.Context.NativeHandle.MaxSeq;
        if (maxSequences > capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(maxSequences), $"The model was loaded for {capacity} sequences, not {maxSequences}.");
        }

        _model = model;
        _maxSequences = maxSequences;
        _perSequenceContext = model.ContextLength / capacity;
        _time = time;
    }

    /// <summary>Most prompt tokens one step takes from joining sequences (all of them together).</summary>
    public int PrefillChunk { get; init; } = 32;

    /// <summary>Queues a sequence; it joins at the next step of <see cref="RunAsync"/> that has a free slot.</summary>
    public BatchedSequence Start(IReadOnlyList<LLamaToken> prompt, GenerationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(settings);
        if (prompt.Count == 0)
        {
            throw new ArgumentException("The prompt has no tokens.", nameof(prompt));
        }

        var sequence = new BatchedSequence(prompt, settings, _time.GetTimestamp());
        _pending.Enqueue(sequence);
        _arrived.Release();
        return sequence;
    }

    /// <summary>
    /// Runs steps until no sequence is left and none is queued (with <paramref name="untilIdle"/>), or until cancelled.
    /// Each step's llama_decode runs on the engine's <see cref="InferenceThread"/>; other models decode between steps.
    /// </summary>
    public async Task RunAsync(bool untilIdle = true, CancellationToken cancellationToken = default)
    {
        await _model.Gate.WaitAsync(cancellationToken);
        try
        {
            _model.ResetCache();
            await LoopAsync(untilIdle, cancellationToken);
        }
        finally
        {
            _model.ResetCache();
            for (var i = 1; i < _maxSequences; i++)
            {
                _model.Context.NativeHandle.MemorySequenceRemove((LLamaSeqId)i, 0, -1);
            }

            _model.Gate.Release();
        }
    }

    private async Task LoopAsync(bool untilIdle, CancellationToken cancellationToken)
    {
        var active = new List<BatchedSequence>(_maxSequences);
        var free = new Stack<int>(Enumerable.Range(0, _maxSequences).Reverse());
        var batch = new LLamaBatch();
        var context = _model.Context;
        var vocab = _model.Weights.Vocab;
        try
        {
            while (true)
            {
                while (free.Count > 0 && _pending.TryDequeue(out var joining))
                {
                    _arrived.Wait(0, CancellationToken.None);
                    joining.Sequence = (LLamaSeqId)free.Pop();
                    active.Add(joining);
                }

                if (active.Count == 0)
                {
                    if (untilIdle)
                    {
                        return;
                    }

                    await _arrived.WaitAsync(cancellationToken);
                    _arrived.Release();
                    continue;
                }

                cancellationToken.ThrowIfCancellationRequested();
                Fill(batch, active);
                var result = await _model.DecodeAsync(batch);
                if (result != DecodeResult.Ok)
                {
                    throw new InvalidOperationException($"llama.cpp could not evaluate the batch ({result}).");
                }

                var now = _time.GetTimestamp();
                for (var i = active.Count - 1; i >= 0; i--)
                {
                    var sequence = active[i];
                    if (sequence.LogitIndex < 0)
                    {
                        continue;
                    }

                    var token = sequence.Sampler.Sample(context.NativeHandle, sequence.LogitIndex);
                    var settings = sequence.Settings;
                    string? finish = null;
                    if (!settings.IgnoreEndOfGeneration && token.IsEndOfGeneration(vocab))
                    {
                        finish = FinishReasons.Stop;
                    }
                    else
                    {
                        sequence.Emit(token, now);
                        if (sequence.Generated >= (settings.MaxTokens ?? int.MaxValue))
                        {
                            finish = FinishReasons.Length;
                        }
                        else if (sequence.Position >= _perSequenceContext)
                        {
                            finish = FinishReasons.Length;
                        }
                    }

                    if (finish is not null)
                    {
                        sequence.Finish(finish, _time);
                        context.NativeHandle.MemorySequenceRemove(sequence.Sequence, 0, -1);
                        free.Push((int)sequence.Sequence);
                        active.RemoveAt(i);
                    }
                }
            }
        }
        catch (Exception ex)
        {
            foreach (var sequence in active)
            {
                sequence.Fail(ex);
            }

            while (_pending.TryDequeue(out var waiting))
            {
                waiting.Fail(ex);
            }

            throw;
        }
    }

    /// <summary>One step's batch: the last token of every generating sequence, then prompt slices up to the chunk.</summary>
    private void Fill(LLamaBatch batch, List<BatchedSequence> active)
    {
        batch.Clear();
        foreach (var sequence in active)
        {
            sequence.LogitIndex = -1;
            if (!sequence.IsPrefilling)
            {
                sequence.LogitIndex = batch.Add(sequence.Last, sequence.Position++, sequence.Sequence, logits: true);
            }
        }

        var budget = Math.Max(1, PrefillChunk);
        foreach (var sequence in active)
        {
            while (sequence.IsPrefilling && budget > 0)
            {
                var last = sequence.Prefilled == sequence.Prompt.Count - 1;
                var index = batch.Add(sequence.Prompt[sequence.Prefilled], sequence.Position++, sequence.Sequence, logits: last);
                sequence.Prefilled++;
                budget--;
                if (last)
                {
                    sequence.LogitIndex = index;
                }
            }
        }
    }
}
