using System.Threading.Channels;
using LLama.Native;
using LLama.Sampling;

namespace ModelScale.ChatHost.Engine;

/// <summary>
/// One sequence decoded by a <see cref="BatchedDecoder"/>: its tokens stream out of <see cref="Tokens"/> as they are
/// sampled, and <see cref="Completion"/> carries what it cost once it ends. <see cref="Cancel"/> ends it at the next
/// step (a client that went away, or a stop sequence the caller saw).
/// </summary>
public sealed class BatchedSequence
{
    private readonly Channel<LLamaToken> _tokens = Channel.CreateUnbounded<LLamaToken>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly TaskCompletionSource<BatchedSequenceStats> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<long> _tokenTimes = [];
    private volatile bool _cancelled;

    internal BatchedSequence(IReadOnlyList<LLamaToken> prompt, GenerationSettings settings, long startedAt)
    {
        Prompt = prompt;
        Settings = settings;
        StartedAt = startedAt;
        JoinedAt = startedAt;
        Sampler = settings.Temperature <= 0
            ? new GreedySamplingPipeline()
            : new DefaultSamplingPipeline { Temperature = settings.Temperature, Seed = settings.Seed };
    }

    /// <summary>Generated tokens, in order; completes when the sequence ends.</summary>
    public ChannelReader<LLamaToken> Tokens => _tokens.Reader;

    /// <summary>The sequence's stats once it has ended (faults if decoding failed).</summary>
    public Task<BatchedSequenceStats> Completion => _completion.Task;

    /// <summary>
    /// Ends this sequence: at once while it still waits for a slot, otherwise at the decoder's next step; what was
    /// generated so far stays.
    /// </summary>
    public void Cancel()
    {
        _cancelled = true;
        Withdraw?.Invoke(this);
    }

    /// <summary>Set by the decoder: takes a sequence that has not joined yet out of its queue.</summary>
    internal Action<BatchedSequence>? Withdraw { get; set; }

    internal bool IsCancelled => _cancelled;

    internal IReadOnlyList<LLamaToken> Prompt { get; }

    internal GenerationSettings Settings { get; }

    internal ISamplingPipeline Sampler { get; }

    internal long StartedAt { get; }

    /// <summary>When it got a slot (a <see cref="TimeProvider"/> timestamp); its prompt evaluation starts here.</summary>
    internal long JoinedAt { get; set; }

    /// <summary>The slot (KV sequence) it decodes in, once it has joined.</summary>
    internal BatchedSlot? Slot { get; set; }

    /// <summary>Prompt tokens found in the slot's cache when it joined, so not evaluated again.</summary>
    internal int CachedPromptTokens { get; set; }

    /// <summary>Prompt tokens already placed in a batch.</summary>
    internal int Prefilled { get; set; }

    /// <summary>Where the next token goes in the sequence.</summary>
    internal int Position { get; set; }

    /// <summary>The last sampled token, fed back in the next step.</summary>
    internal LLamaToken Last { get; set; }

    /// <summary>This sequence's row in the step's logits; -1 when it has nothing to sample this step.</summary>
    internal int LogitIndex { get; set; } = -1;

    internal bool IsPrefilling => Prefilled < Prompt.Count;

    internal int Generated => _tokenTimes.Count;

    /// <summary>Records and streams a sampled token. A caller's <see cref="GenerationSettings.OnToken"/> that throws fails only this sequence.</summary>
    internal void Emit(LLamaToken token, long at)
    {
        _tokenTimes.Add(at);
        Last = token;
        Settings.OnToken?.Invoke(token);
        _tokens.Writer.TryWrite(token);
    }

    internal void Finish(string reason, TimeProvider time)
    {
        Sampler.Dispose();
        var now = time.GetTimestamp();
        var first = _tokenTimes.Count > 0 ? _tokenTimes[0] : now;
        var last = _tokenTimes.Count > 0 ? _tokenTimes[^1] : first;
        var longestGap = TimeSpan.Zero;
        for (var i = 1; i < _tokenTimes.Count; i++)
        {
            var gap = time.GetElapsedTime(_tokenTimes[i - 1], _tokenTimes[i]);
            longestGap = gap > longestGap ? gap : longestGap;
        }

        _tokens.Writer.TryComplete();
        _completion.TrySetResult(new BatchedSequenceStats(
            Prompt.Count,
            Generated,
            time.GetElapsedTime(StartedAt, first),
            time.GetElapsedTime(first, last),
            longestGap,
            reason,
            [.. _tokenTimes])
        {
            CachedPromptTokens = CachedPromptTokens,
            Prefill = time.GetElapsedTime(JoinedAt, first),
            Total = time.GetElapsedTime(StartedAt, now),
        });
    }

    /// <summary>Ends the sequence with an error: the token stream just ends, and <see cref="Completion"/> throws it as it was.</summary>
    internal void Fail(Exception error)
    {
        Sampler.Dispose();
        _tokens.Writer.TryComplete();
        _completion.TrySetException(error);
    }
}
