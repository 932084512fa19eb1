using System.Threading.Channels;
using LLama;
using LLama.Native;
using LLama.Sampling;

namespace ModelScale.ChatHost.Engine.Decoding;

/// <summary>
/// One answer in a model's <see cref="DecodeLoop"/>: its text streams out of <see cref="Text"/> as tokens are sampled
/// (through the stop-sequence filter, so a stop sequence is never shown), and <see cref="Completion"/> carries what it
/// cost once it ends. <see cref="Cancel"/> ends it at the next step (a client that went away).
/// </summary>
public sealed class DecodeSequence
{
    private readonly Channel<GeneratedPiece> _text = Channel.CreateUnbounded<GeneratedPiece>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly TaskCompletionSource<SequenceStats> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<long> _tokenTimes = [];
    private readonly StreamingTokenDecoder _detokenizer;
    private readonly StopSequenceFilter _filter;

    /// <summary>With logprobs: the described tokens whose text has not been shown yet, with where their text starts.</summary>
    private readonly List<(int Start, TokenLogprob Logprob)>? _unshown;
    private int _generatedChars;
    private int _shownChars;
    private volatile bool _cancelled;

    internal DecodeSequence(IReadOnlyList<LLamaToken> prompt, GenerationSettings settings, LLamaContext context, long startedAt)
    {
        Prompt = prompt;
        Settings = settings;
        StartedAt = startedAt;
        JoinedAt = startedAt;
        Sampler = SamplerFactory.Create(settings.Sampling, settings.Logprobs);
        _unshown = settings.Logprobs is null ? null : [];
        _detokenizer = new StreamingTokenDecoder(context);
        _filter = new StopSequenceFilter(settings.StopSequences);
    }

    /// <summary>The answer's text as it comes (with its tokens' logprobs when asked); completes when the sequence ends.</summary>
    public ChannelReader<GeneratedPiece> Text => _text.Reader;

    /// <summary>The sequence's stats once it has ended (faults if decoding failed).</summary>
    public Task<SequenceStats> Completion => _completion.Task;

    /// <summary>
    /// Ends this sequence: at once while it still waits for a slot, otherwise at the loop's next step; what was
    /// generated so far stays.
    /// </summary>
    public void Cancel()
    {
        _cancelled = true;
        Withdraw?.Invoke(this);
    }

    /// <summary>Set by the loop: takes a sequence that has not joined yet out of its queue.</summary>
    internal Action<DecodeSequence>? Withdraw { get; set; }

    internal bool IsCancelled => _cancelled;

    internal IReadOnlyList<LLamaToken> Prompt { get; }

    internal GenerationSettings Settings { get; }

    internal ISamplingPipeline Sampler { get; }

    /// <summary>When <see cref="DecodeLoop.Start"/> took it (a <see cref="TimeProvider"/> timestamp): the request's start.</summary>
    internal long StartedAt { get; }

    /// <summary>When it got a slot; its prompt evaluation starts here.</summary>
    internal long JoinedAt { get; set; }

    /// <summary>When the step that evaluated its last prompt token ended; null until then.</summary>
    internal long? PromptDoneAt { get; set; }

    /// <summary>The slot (KV sequence) it decodes in, once it has joined.</summary>
    internal DecodeSlot? Slot { get; set; }

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

    /// <summary>Tokens emitted so far.</summary>
    internal int Generated => _tokenTimes.Count;

    /// <summary>
    /// Records a sampled token, tells the caller's <see cref="GenerationSettings.OnToken"/> (one that throws fails only
    /// this sequence) and streams the text the stop filter lets through. True when a stop sequence has appeared.
    /// </summary>
    internal bool Emit(LLamaToken token, long at)
    {
        _tokenTimes.Add(at);
        Last = token;
        Settings.OnToken?.Invoke(token);
        _detokenizer.Add(token);
        var text = _detokenizer.Read();
        if (_unshown is not null)
        {
            var described = (Sampler as ProbingSamplingPipeline)?.Last;
            if (described is null || described.Id != (int)token)
            {
                throw new InvalidOperationException($"The sampler described token {described?.Id} but picked {(int)token}.");
            }

            _unshown.Add((_generatedChars, described));
            _generatedChars += text.Length;
        }

        Write(_filter.Push(text), end: false);
        return _filter.Stopped;
    }

    /// <summary>
    /// Streams the text the filter let through, with the logprobs of the tokens whose text starts in what has been shown
    /// so far; at the end of an answer that no stop sequence cut, the rest of them (the text a stop sequence cut is
    /// never shown, and neither are its tokens).
    /// </summary>
    private void Write(string shown, bool end)
    {
        _shownChars += shown.Length;
        List<TokenLogprob>? logprobs = null;
        if (_unshown is { Count: > 0 })
        {
            var count = end ? _unshown.Count : _unshown.FindIndex(u => u.Start >= _shownChars) is var at && at >= 0 ? at : _unshown.Count;
            if (count > 0)
            {
                logprobs = [.. _unshown.Take(count).Select(u => u.Logprob)];
                _unshown.RemoveRange(0, count);
            }
        }

        if (shown.Length > 0 || logprobs is not null)
        {
            _text.Writer.TryWrite(new GeneratedPiece(shown, null, logprobs));
        }
    }

    internal void Finish(string reason, TimeProvider time)
    {
        Sampler.Dispose();
        Write(_filter.Flush(), end: !_filter.Stopped);

        var now = time.GetTimestamp();
        var first = _tokenTimes.Count > 0 ? _tokenTimes[0] : now;
        var last = _tokenTimes.Count > 0 ? _tokenTimes[^1] : first;
        var longestGap = TimeSpan.Zero;
        for (var i = 1; i < _tokenTimes.Count; i++)
        {
            var gap = time.GetElapsedTime(_tokenTimes[i - 1], _tokenTimes[i]);
            longestGap = gap > longestGap ? gap : longestGap;
        }

        _text.Writer.TryComplete();
        _completion.TrySetResult(new SequenceStats(
            Prompt.Count,
            Generated,
            time.GetElapsedTime(StartedAt, first),
            time.GetElapsedTime(first, last),
            longestGap,
            reason,
            [.. _tokenTimes])
        {
            CachedPromptTokens = CachedPromptTokens,
            Prefill = time.GetElapsedTime(JoinedAt, PromptDoneAt ?? now),
            Total = time.GetElapsedTime(StartedAt, now),
        });
    }

    /// <summary>Ends the sequence with an error: the text just ends, and <see cref="Completion"/> throws it as it was.</summary>
    internal void Fail(Exception error)
    {
        Sampler.Dispose();
        _text.Writer.TryComplete();
        _completion.TrySetException(error);
    }
}
