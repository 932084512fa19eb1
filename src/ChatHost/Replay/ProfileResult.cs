namespace ModelScale.ChatHost.Replay;

/// <summary>One profile's part of a replay: what the model is, how it loaded, what memory it took, and its answers.</summary>
public sealed record ProfileResult
{
    /// <summary>The profile id (the file name for a --model path).</summary>
    public required string Id { get; init; }

    public required string DisplayName { get; init; }

    public required ReplayStatus Status { get; init; }

    /// <summary>Why it was skipped or failed, in a few words ("not on disk"); null when it completed.</summary>
    public string? Reason { get; init; }

    /// <summary>More about <see cref="Reason"/>: where the file was looked for, the plan's reason, an error message.</summary>
    public string? Detail { get; init; }

    public string? Path { get; init; }

    /// <summary>Parameters, counted from the GGUF tensor table.</summary>
    public long? ParameterCount { get; init; }

    public long? FileSizeBytes { get; init; }

    /// <summary>The file type the GGUF declares (Q4_K_M), or the catalog's quantization.</summary>
    public string? Quantization { get; init; }

    public TimeSpan? LoadTime { get; init; }

    /// <summary>The plan it loaded with; for a profile skipped because it does not fit, the plan that did not.</summary>
    public ReplayPlan? Plan { get; init; }

    /// <summary>Process memory and GPU memory while it played; null when it never loaded.</summary>
    public MemoryPeak? Memory { get; init; }

    /// <summary>True when the previous profile's model was still resident while this one played (the memory budget held both).</summary>
    public bool SharedMemoryWithPrevious { get; init; }

    public IReadOnlyList<TurnResult> Turns { get; init; } = [];

    /// <summary>The speeds over the measured passes (median, min, max); null when it did not play.</summary>
    public SpeedSummary? Speed { get; init; }

    /// <summary>The decode speed its plan and the measured memory bandwidth predict; null without a plan.</summary>
    public DecodePrediction? Prediction { get; init; }

    /// <summary>The command that gets a tier that is not on disk ("modelscale pull 7b"); null otherwise.</summary>
    public string? Obtain { get; init; }

    /// <summary>A tier that did not run but has a plan: what it would need, whether it fits, how fast it would be.</summary>
    public bool Planned => !Played && Status == ReplayStatus.Skipped && Plan is not null;

    /// <summary>Whether it played at least one turn.</summary>
    public bool Played => Turns.Count > 0;

    /// <summary>Expected keywords found, over all turns.</summary>
    public int KeywordsHit => Turns.Sum(t => t.KeywordsFound.Count);

    /// <summary>Expected keywords, over all turns played.</summary>
    public int KeywordsExpected => Turns.Sum(t => t.Expected.Count);

    /// <summary>Mean chrF over the turns that have a reference answer; null when none has.</summary>
    public double? MeanChrF => Turns.Where(t => t.ChrF is not null).Select(t => t.ChrF!.Value).DefaultIfEmpty(double.NaN).Average() is var m && double.IsNaN(m) ? null : m;

    /// <summary>The judge's mean score (1-10) over the answers it scored; null when none was judged.</summary>
    public double? MeanScore => Turns.Where(t => t.Judgement is not null).Select(t => (double)t.Judgement!.Score).DefaultIfEmpty(double.NaN).Average() is var m && double.IsNaN(m) ? null : m;

    /// <summary>Mean time to first token over the turns played: the median over the passes when there were several.</summary>
    public TimeSpan? MeanTimeToFirstToken => Speed?.TimeToFirstTokenMs is { } ttft
        ? TimeSpan.FromMilliseconds(ttft.Median)
        : Turns.Count == 0 ? null : TimeSpan.FromTicks((long)Turns.Average(t => t.TimeToFirstToken.Ticks));

    /// <summary>
    /// Decode speed over all turns: generated tokens after the first of each answer, over the time they took; the
    /// median over the passes when there were several.
    /// </summary>
    public double? DecodeTokensPerSecond => Speed?.DecodeTokensPerSecond?.Median ?? SpeedSummary.Decode(Turns);

    /// <summary>Seconds the answers took per 1,000 answer tokens (prefill included; the first measured pass); for a planned tier, 1,000 over the predicted decode speed.</summary>
    public double? SecondsPerThousandTokens
    {
        get
        {
            var tokens = Turns.Sum(t => t.CompletionTokens);
            if (tokens > 0)
            {
                return Turns.Sum(t => t.Total.TotalSeconds) / tokens * 1000;
            }

            return Planned && Prediction?.TokensPerSecond is { } rate && rate > 0 ? 1000 / rate : null;
        }
    }

    /// <summary>"skipped: not on disk", "failed: ...", "completed", "interrupted after 2 turns".</summary>
    public string StatusLine => Status switch
    {
        ReplayStatus.Completed => "completed",
        ReplayStatus.Skipped => $"skipped: {Reason}",
        ReplayStatus.Failed => $"failed: {Reason}",
        _ => $"interrupted after {Turns.Count} turn{(Turns.Count == 1 ? "" : "s")}",
    };
}
