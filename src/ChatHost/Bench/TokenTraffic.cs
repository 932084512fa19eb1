using ModelScale.Profiles.Planning;

namespace ModelScale.ChatHost.Bench;

/// <summary>
/// The bytes one decoded token reads, by where they live under a plan: every block's weights and the output head once
/// per token (the token embedding is one row, which is left out, as is the KV cache, small at the contexts a chat
/// reaches). The GPUs read what the plan put on them; the host reads the rest. Decode is bound by memory bandwidth,
/// so these bytes over each memory's bandwidth predict the time per token.
/// </summary>
/// <param name="HostBytes">Weight bytes the CPU reads per token.</param>
/// <param name="GpuBytes">Weight bytes the GPUs read per token, all of them together.</param>
public sealed record TokenTraffic(long HostBytes, long GpuBytes)
{
    public static TokenTraffic Of(ModelMemoryFacts facts, OffloadPlan plan)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(plan);
        var total = facts.LayerWeightBytes.Sum() + facts.OutputBytes;
        var gpu = Math.Min(total, plan.Devices.Sum(d => d.WeightBytes));
        return new TokenTraffic(total - gpu, gpu);
    }

    public long TotalBytes => HostBytes + GpuBytes;
}
