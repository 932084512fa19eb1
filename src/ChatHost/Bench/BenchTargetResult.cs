namespace ModelScale.ChatHost.Bench;

/// <summary>What one model measured: the cold first run on its own, then median, min and max over the repeats.</summary>
public sealed record BenchTargetResult
{
    public required string Profile { get; init; }

    public required string Path { get; init; }

    public required long FileBytes { get; init; }

    /// <summary><see cref="BenchPrompt.Checksum"/> of the prompt, to check a peer evaluated the same tokens.</summary>
    public required string PromptChecksum { get; init; }

    /// <summary>The first run: the first load in this process, whatever the page cache held.</summary>
    public required BenchRun Cold { get; init; }

    public required IReadOnlyList<BenchRun> Runs { get; init; }

    public required Distribution LoadMilliseconds { get; init; }

    public required Distribution PrefillTokensPerSecond { get; init; }

    public required Distribution DecodeTokensPerSecond { get; init; }

    public required Distribution TimeToFirstTokenMilliseconds { get; init; }

    /// <summary>Peak resident set of the process while this model ran (Linux: reset before it; elsewhere the process's peak).</summary>
    public required long PeakRssBytes { get; init; }

    /// <summary>The bytes each decoded token read on the host and on GPUs under the plan it loaded with; null without a plan.</summary>
    public TokenTraffic? Traffic { get; init; }

    /// <summary>The greedy answer's token ids (first run), for a token-for-token check against the peer.</summary>
    public required IReadOnlyList<int> GreedyTokens { get; init; }
}
