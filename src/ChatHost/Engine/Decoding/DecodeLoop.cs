using LLama;
using LLama.Native;

namespace ModelScale.ChatHost.Engine.Decoding;

/// <summary>
/// The one decode loop: every answer of a loaded model, whether chat, serve, replay or bench asked for it, is a
/// <see cref="DecodeSequence"/> here. The model has N >= 1 slots (llama.cpp's n_seq_max); each step is one llama_decode
/// that holds the last token of every sequence that is generating, plus prompt tokens of sequences that are joining:
/// a slice of <see cref="PrefillChunk"/> while others stream, so a newcomer does not stall them, or a whole batch when
/// nobody is generating. Every generating sequence gets one token per step, so the share is fair by construction; with
/// one slot this is the plain loop: the prompt in batches, then one token per step.
/// </summary>
/// <remarks>
/// <para>
/// Each step samples (<see cref="SamplerFactory"/>), then checks in one place for end of generation, the token limit,
/// a full sequence context and a stop sequence (<see cref="DecodeSequence.Emit"/>). The loop runs on its own while any
/// sequence is queued or active, holding the model's gate, and lets the gate go when it is idle.
/// </para>
/// <para>
/// KV-prefix reuse: each slot keeps its tokens after an answer (<see cref="DecodeSlot"/>), and a joining sequence takes
/// the free slot that shares the longest prefix with its prompt, so a conversation's next turn evaluates only what is
/// new, and two conversations on one model do not evaluate each other's prompts again.
/// </para>
/// </remarks>
public sealed class DecodeLoop : IDisposable
{
    private readonly LoadedModel _model;
    private readonly Lock _lock = new();
    private readonly Queue<DecodeSequence> _pending = new();
    private readonly DecodeSlot[] _slots;
    private readonly CancellationTokenSource _stopping = new();
    private Task _runner = Task.CompletedTask;
    private bool _running;
    private bool _disposed;

    internal DecodeLoop(LoadedModel model, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(model);
        var sequences = Math.Max(1, model.Sequences);
        if (model.Context.BatchSize < sequences)
        {
            throw new ArgumentException($"A batch of {model.Context.BatchSize} tokens cannot hold one token of each of {sequences} sequences.", nameof(model));
        }

        _model = model;
        Time = time;
        _slots = [.. Enumerable.Range(0, sequences).Select(i => new DecodeSlot((LLamaSeqId)i))];
    }

    /// <summary>How many sequences decode at once; more wait for a free slot.</summary>
    public int Sequences => _slots.Length;

    /// <summary>Most prompt tokens one step takes from joining sequences while others are generating.</summary>
    public int PrefillChunk { get; set; } = 32;

    internal TimeProvider Time { get; }

    /// <summary>
    /// The most tokens any slot holds in its KV cache (what the next turn of its conversation may reuse). Read it while
    /// no answer is running: the loop changes it at every step.
    /// </summary>
    public int CachedTokens => _slots.Max(s => s.Cached.Count);

    /// <summary>Queues a sequence; it joins at the next step that has a free slot. Its request starts now (TTFT counts from here).</summary>
    /// <exception cref="ContextLengthExceededException">The prompt leaves no room in one sequence's context.</exception>
    public DecodeSequence Start(IReadOnlyList<LLamaToken> prompt, GenerationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(settings);
        if (prompt.Count == 0)
        {
            throw new ArgumentException("The prompt has no tokens.", nameof(prompt));
        }

        if (prompt.Count >= _model.SequenceContext)
        {
            throw new ContextLengthExceededException(prompt.Count, _model.SequenceContext);
        }

        var sequence = new DecodeSequence(prompt, settings, _model.Context, Time.GetTimestamp()) { Withdraw = Withdraw };
        lock (_lock)
        {
            if (_disposed)
            {
                // Frees its sampler; nobody will read it.
                sequence.Fail(new ObjectDisposedException(nameof(DecodeLoop)));
                ObjectDisposedException.ThrowIf(_disposed, this);
            }

            _pending.Enqueue(sequence);
            if (!_running)
            {
                _running = true;
                _runner = Task.Run(RunAsync);
            }
        }

        return sequence;
    }

    /// <summary>A sequence cancelled before it joined leaves the queue and ends at once, instead of waiting for a slot.</summary>
    private void Withdraw(DecodeSequence sequence)
    {
        lock (_lock)
        {
            if (sequence.Slot is not null || !_pending.Contains(sequence))
            {
                return;
            }

            var rest = _pending.Where(s => s != sequence).ToList();
            _pending.Clear();
            rest.ForEach(_pending.Enqueue);
        }

        sequence.Finish(FinishReasons.Cancelled, Time);
    }

    /// <summary>Ends every sequence (they fail as cancelled) and waits for the decoding step under way to finish.</summary>
    public void Dispose()
    {
        Task runner;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            runner = _runner;
        }

        // No time limit: the context must not go while a llama_decode still uses it, and the runner checks for the
        // stop before every step.
        _stopping.Cancel();
        try
        {
            runner.Wait();
        }
        catch (AggregateException)
        {
            // The runner has already failed its sequences with the reason.
        }
    }

    private async Task RunAsync()
    {
        var active = new List<DecodeSequence>(_slots.Length);
        var held = false;
        try
        {
            await _model.Gate.WaitAsync(_stopping.Token);
            held = true;
            await LoopAsync(active);
        }
        catch (Exception ex)
        {
            var error = ex is OperationCanceledException ? new OperationCanceledException("The model was unloaded.", ex) : ex;
            lock (_lock)
            {
                foreach (var sequence in active.Concat(_pending))
                {
                    sequence.Fail(error);
                }

                _pending.Clear();
                _running = false;
            }

            if (held)
            {
                ForgetAll();
            }
        }
        finally
        {
            if (held)
            {
                _model.Gate.Release();
            }
        }
    }

    private async Task LoopAsync(List<DecodeSequence> active)
    {
        var batch = new LLamaBatch();
        var context = _model.Context;
        var vocab = _model.Weights.Vocab;
        var sequenceContext = _model.SequenceContext;
        var batchSize = (int)context.BatchSize;
        while (true)
        {
            lock (_lock)
            {
                while (_pending.Count > 0 && active.Count < _slots.Length)
                {
                    var joining = _pending.Dequeue();
                    if (joining.IsCancelled)
                    {
                        joining.Finish(FinishReasons.Cancelled, Time);
                        continue;
                    }

                    active.Add(joining);
                    Join(joining);
                }

                if (active.Count == 0)
                {
                    _running = false;
                    return;
                }
            }

            _stopping.Token.ThrowIfCancellationRequested();
            for (var i = active.Count - 1; i >= 0; i--)
            {
                if (active[i].IsCancelled)
                {
                    End(active[i], FinishReasons.Cancelled);
                    active.RemoveAt(i);
                }
            }

            if (active.Count == 0)
            {
                continue;
            }

            Fill(batch, active, batchSize);
            var result = await _model.DecodeAsync(batch);
            if (result != DecodeResult.Ok)
            {
                // The KV state of every sequence in the batch is now in doubt: fail them and forget all caches.
                var error = new InvalidOperationException($"llama.cpp could not evaluate the batch ({result}).");
                foreach (var sequence in active)
                {
                    sequence.Slot!.Busy = false;
                    sequence.Fail(error);
                }

                active.Clear();
                ForgetAll();
                continue;
            }

            var now = Time.GetTimestamp();
            for (var i = active.Count - 1; i >= 0; i--)
            {
                var sequence = active[i];
                if (sequence.LogitIndex < 0)
                {
                    continue;
                }

                sequence.PromptDoneAt ??= now;
                string? finish;
                try
                {
                    finish = Step(sequence, context, vocab, sequenceContext, now);
                }
                catch (Exception ex)
                {
                    // The caller's token callback failed: that answer ends, the others go on.
                    End(sequence, error: ex);
                    active.RemoveAt(i);
                    continue;
                }

                if (finish is not null)
                {
                    End(sequence, finish);
                    active.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>
    /// The one end-of-generation, length and stop check: samples the sequence's next token from this step's logits and
    /// emits it, unless the answer is already as long as it may be or the token ends the generation. Returns why the
    /// sequence ends, or null when it goes on.
    /// </summary>
    private static string? Step(DecodeSequence sequence, LLamaContext context, SafeLlamaModelHandle.Vocabulary vocab, int sequenceContext, long now)
    {
        var settings = sequence.Settings;
        if (sequence.Generated >= (settings.MaxTokens ?? int.MaxValue))
        {
            return FinishReasons.Length;
        }

        var token = sequence.Sampler.Sample(context.NativeHandle, sequence.LogitIndex);
        if (!settings.IgnoreEndOfGeneration && token.IsEndOfGeneration(vocab))
        {
            return FinishReasons.Stop;
        }

        if (sequence.Emit(token, now))
        {
            return FinishReasons.Stop;
        }

        return sequence.Generated >= (settings.MaxTokens ?? int.MaxValue) || sequence.Position >= sequenceContext ? FinishReasons.Length : null;
    }

    /// <summary>
    /// Gives a joining sequence the free slot where it gains most: the tokens its prompt shares with the slot's cache,
    /// less twice the cached tokens it would drop (they are likely another conversation's, which may come back). So a
    /// conversation's next turn finds its own slot, and a new one takes an empty slot before it evicts anybody; with
    /// no empty slot, the one it harms least, the least recently used on a tie. Drops the rest of that slot's cache,
    /// and starts the prompt after the shared part.
    /// </summary>
    private void Join(DecodeSequence sequence)
    {
        DecodeSlot? best = null;
        var bestScore = long.MinValue;
        var bestCommon = 0;
        foreach (var slot in _slots)
        {
            if (slot.Busy)
            {
                continue;
            }

            var common = slot.CommonPrefix(sequence.Prompt);
            var score = common - (2L * (slot.Cached.Count - common));
            if (score > bestScore || (score == bestScore && slot.LastUsed < best!.LastUsed))
            {
                best = slot;
                bestScore = score;
                bestCommon = common;
            }
        }

        // The last prompt token is always evaluated again: its logits start the answer.
        var keep = Math.Min(bestCommon, sequence.Prompt.Count - 1);
        _model.Context.NativeHandle.MemorySequenceRemove(best!.Id, keep, -1);
        best.Cached.RemoveRange(keep, best.Cached.Count - keep);
        best.Busy = true;
        sequence.Slot = best;
        sequence.CachedPromptTokens = keep;
        sequence.Prefilled = keep;
        sequence.Position = keep;
        sequence.JoinedAt = Time.GetTimestamp();
    }

    private void End(DecodeSequence sequence, string? reason = null, Exception? error = null)
    {
        var slot = sequence.Slot!;
        slot.Busy = false;
        slot.LastUsed = Time.GetTimestamp();
        if (error is null)
        {
            sequence.Finish(reason!, Time);
        }
        else
        {
            sequence.Fail(error);
        }
    }

    /// <summary>Forgets what every slot's KV cache holds, once the answers running now have ended (the loop holds the gate).</summary>
    internal void Forget()
    {
        _model.Gate.Wait();
        try
        {
            ForgetAll();
        }
        finally
        {
            _model.Gate.Release();
        }
    }

    /// <summary>Forgets what every slot holds (after a failed step, the cached state can no longer be trusted).</summary>
    private void ForgetAll()
    {
        foreach (var slot in _slots)
        {
            _model.Context.NativeHandle.MemorySequenceRemove(slot.Id, 0, -1);
            slot.Cached.Clear();
            slot.Busy = false;
        }
    }

    /// <summary>
    /// One step's batch: the last token of every generating sequence, then prompt tokens: a slice while others
    /// generate, up to the whole batch when none does.
    /// </summary>
    private void Fill(LLamaBatch batch, List<DecodeSequence> active, int batchSize)
    {
        batch.Clear();
        var generating = 0;
        foreach (var sequence in active)
        {
            sequence.LogitIndex = -1;
            if (!sequence.IsPrefilling)
            {
                sequence.LogitIndex = batch.Add(sequence.Last, sequence.Position++, sequence.Slot!.Id, logits: true);
                sequence.Slot.Cached.Add(sequence.Last);
                generating++;
            }
        }

        var budget = generating > 0 ? Math.Min(Math.Max(1, PrefillChunk), batchSize - generating) : batchSize;
        foreach (var sequence in active)
        {
            while (sequence.IsPrefilling && budget > 0)
            {
                var token = sequence.Prompt[sequence.Prefilled];
                var last = sequence.Prefilled == sequence.Prompt.Count - 1;
                var index = batch.Add(token, sequence.Position++, sequence.Slot!.Id, logits: last);
                sequence.Slot.Cached.Add(token);
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
