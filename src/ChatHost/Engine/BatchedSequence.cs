using System.Threading.Channels;
using LLama.Native;
using LLama.Sampling;

namespace ModelScale.ChatHost.Engine;

/// <summary>
/// One sequence decoded by a <see cref="BatchedDecoder"/>: its tokens stream out of <see cref="Tokens"/> as they are
/// sampled, and <see cref="Completion"/> carries what it cost once it ends.
/// </summary>
public sealed class BatchedSequence
{
    private readonly Channel<LLamaToken> _tokens = Channel.CreateUnbounded<LLamaToken>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly TaskCompletionSource<BatchedSequenceStats> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<long> _tokenTimes = [];

    internal BatchedSequence(IReadOnlyList<LLamaToken> prompt, GenerationSettings settings, long startedAt)
    {
        Prompt = prompt;
        Settings = settings;
        StartedAt = startedAt;
        Sampler = settings.Temperature <= 0
            ? new GreedySamplingPipeline()
            : new DefaultSamplingPipeline { Temperature = settings.Temperature, Seed = settings.Seed };
    }

    /// <summary>Generated tokens, in order; completes when the sequence ends.</summary>
    public ChannelReader<LLamaToken> Tokens => _tokens.Reader;

    /// <summary>The sequence's stats once it has ended (faults if decoding failed).</summary>
    public Task<BatchedSequenceStats> Completion => _completion.Task;

    internal IReadOnlyList<LLamaToken> Prompt { get; }

    internal GenerationSettings Settings { get; }

    internal ISamplingPipeline Sampler { get; }

    internal long StartedAt { get; }

    internal LLamaSeqId Sequence { get; set; }

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

    internal void Emit(LLamaToken token, long at)
    {
        _tokenTimes.Add(at);
        Settings.OnToken?.Invoke(token);
        _tokens.Writer.TryWrite(token);
        Last = token;
    }

    internal void Finish(string reason, TimeProvider time)
    {
        Sampler.Dispose();
        var first = _tokenTimes.Count > 0 ? _tokenTimes[0] : time.GetTimestamp();
        var last = _tokenTimes.Count > 0 ? _tokenTimes[^1] : first;
        var longestGap = TimeSpan.Zero;
        for (var i = 1; i < _tokenTimes.Count; i++)
        {
            var gap = time.GetElapsedTime(_tokenTimes[i - 1], _tokenTimes[i]);
            longestGap = gap > longestGap ? gap : longestGap;
        }

        _tokens.Writer.TryComplete();
        _completion.TrySetResult(new BatchedSequenceStats(
            Prompt.Count, Generated, time.GetElapsedTime(StartedAt, first), time.GetElapsedTime(first, last), longestGap, reason, [.. _tokenTimes]));
    }

    internal void Fail(Exception error)
    {
        Sampler.Dispose();
        _tokens.Writer.TryComplete(error);
        _completion.TrySetException(error);
    }
}

/// <summary>What one batched sequence cost.</summary>
/// <param name="PromptTokens">Tokens in its prompt.</param>
/// <param name="CompletionTokens">Tokens it generated.</param>
/// <param name="TimeToFirstToken">From <see cref="BatchedDecoder.Start"/> to its first token, its prompt and waiting included.</param>
/// <param name="DecodeSpan">From its first token to its last.</param>
/// <param name="LongestGap">The longest wait between two of its tokens (a newcomer's prompt shows up here).</param>
/// <param name="FinishReason">Why it ended (<see cref="FinishReasons"/>).</param>
/// <param name="TokenTimestamps">When each token was sampled, in <see cref="TimeProvider"/> timestamps.</param>
public sealed record BatchedSequenceStats(
    int PromptTokens, int CompletionTokens, TimeSpan TimeToFirstToken, TimeSpan DecodeSpan, TimeSpan LongestGap, string FinishReason, IReadOnlyList<long> TokenTimestamps)
{
    /// <summary>Its own tokens per second after the first.</summary>
    public double TokensPerSecond => CompletionTokens <= 1 || DecodeSpan <= TimeSpan.Zero ? 0 : (CompletionTokens - 1) / DecodeSpan.TotalSeconds;
}
