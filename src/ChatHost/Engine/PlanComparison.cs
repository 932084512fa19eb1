using ModelScale.Profiles.Planning;

namespace ModelScale.ChatHost.Engine;

/// <summary>One line of a plan set against llama.cpp's log: predicted and measured bytes for one kind of buffer.</summary>
public sealed record PlanComparisonRow(string Buffer, long PredictedBytes, long MeasuredBytes)
{
    /// <summary>The log gives MiB with two decimals, so anything within this is a match.</summary>
    public const long LogResolutionBytes = 10_486; // 0.01 MiB

    /// <summary>(predicted − measured) / measured, in percent; 0 when both are within the log's resolution.</summary>
    public double ErrorPercent => Math.Abs(PredictedBytes - MeasuredBytes) <= LogResolutionBytes
        ? 0
        : MeasuredBytes == 0 ? 100 : 100.0 * (PredictedBytes - MeasuredBytes) / MeasuredBytes;

    /// <summary>Whether the prediction is within <paramref name="percent"/> (or the log's resolution).</summary>
    public bool Within(double percent) => Math.Abs(ErrorPercent) <= percent;
}

/// <summary>A plan against what llama.cpp reported allocating for the same load: weights, KV cache, compute, outputs.</summary>
public sealed record PlanComparison(OffloadPlan Plan, IReadOnlyList<PlanComparisonRow> Rows)
{
    /// <summary>Every buffer llama.cpp reported, per device (CUDA0, CUDA_Host, CPU, ...): what the rows sum up.</summary>
    public MeasuredBuffers Measured { get; init; } = MeasuredBuffers.None;

    public static PlanComparison Create(OffloadPlan plan, MeasuredBuffers measured)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(measured);
        var weights = plan.Host.WeightBytes + plan.Devices.Sum(d => d.WeightBytes);
        var compute = plan.Host.ComputeBytes + plan.Devices.Sum(d => d.ComputeBytes);
        var predictedTotal = weights + plan.KvBytes + compute + plan.Host.OutputBytes;
        return new PlanComparison(plan,
        [
            new("weights", weights, measured.WeightBytes),
            new("KV cache", plan.KvBytes, measured.KvBytes),
            new("compute", compute, measured.ComputeBytes),
            new("output", plan.Host.OutputBytes, measured.OutputBytes),
            new("total", predictedTotal, measured.TotalBytes),
        ])
        {
            Measured = measured,
        };
    }

    /// <summary>The row with the largest error.</summary>
    public PlanComparisonRow Worst => Rows.MaxBy(r => Math.Abs(r.ErrorPercent))!;
}
