namespace ModelScale.ChatHost.Bench;

/// <summary>Everything one `modelscale bench` measured: the document --json prints and bench/results keeps.</summary>
public sealed record BenchReport
{
    public string Tool { get; init; } = "modelscale";

    public required string Version { get; init; }

    public required DateTimeOffset When { get; init; }

    public required MachineFacts Machine { get; init; }

    public required BenchSettings Settings { get; init; }

    public required IReadOnlyList<BenchTargetResult> Targets { get; init; }

    public SwitchBackResult? SwitchBack { get; init; }

    public ParallelResult? Parallel { get; init; }
}
