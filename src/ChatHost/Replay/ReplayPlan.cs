using ModelScale.Profiles.Planning;

namespace ModelScale.ChatHost.Replay;

/// <summary>The memory plan a profile was loaded with (or, when skipped, the one that did not fit), as the report shows it.</summary>
/// <param name="GpuLayers">Layers on GPUs.</param>
/// <param name="TotalLayers">Offloadable layers (blocks and the output head).</param>
/// <param name="Context">Context per sequence.</param>
/// <param name="PredictedVramBytes">Everything the plan puts on GPUs.</param>
/// <param name="PredictedRamBytes">Everything the plan puts in host memory, the process's own overhead included.</param>
/// <param name="Fits">Whether it fits in free memory.</param>
/// <param name="Reason">The plan's one-line reason.</param>
/// <param name="FallbackSteps">Fallback steps the load needed (0 when the plan loaded as made).</param>
/// <param name="FreeRamBytes">Host memory free when it was planned, when known.</param>
/// <param name="FreeVramBytes">Memory free on the GPUs it was planned against, all together; null without GPUs.</param>
public sealed record ReplayPlan(
    int GpuLayers,
    int TotalLayers,
    int Context,
    long PredictedVramBytes,
    long PredictedRamBytes,
    bool Fits,
    string Reason,
    int FallbackSteps = 0,
    long? FreeRamBytes = null,
    long? FreeVramBytes = null)
{
    public static ReplayPlan From(OffloadPlan plan, int fallbackSteps = 0)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new ReplayPlan(
            plan.GpuLayers,
            plan.TotalLayers,
            plan.Context,
            plan.GpuBytes,
            plan.Host.TotalBytes,
            plan.Fits,
            plan.Reason,
            fallbackSteps,
            plan.Host.FreeBytes,
            plan.Devices.Count == 0 ? null : plan.Devices.Sum(d => d.FreeBytes));
    }
}
