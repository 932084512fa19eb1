namespace ModelScale.Profiles.Planning;

/// <summary>
/// What to try when loading with a plan fails (a driver that reports more free memory than it gives, another
/// process that took VRAM meanwhile): the plan itself, then fewer GPU layers, each step giving back about a quarter,
/// down to none, then smaller contexts on the CPU. Each step is a full plan, so what was really used can be reported.
/// </summary>
public static class FallbackLadder
{
    public static IEnumerable<OffloadPlan> Steps(ModelMemoryFacts facts, PlanRequest request, OffloadPlan plan)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(plan);

        yield return plan;

        var fixedContext = request with { Context = plan.Context, MinimumContext = plan.Context };
        var layers = plan.GpuLayers;
        while (layers > 0)
        {
            layers = Math.Max(0, layers - Math.Max(1, layers / 4));
            yield return Replan(facts, fixedContext with { MaxGpuLayers = layers }, plan.RequestedContext);
        }

        foreach (var context in OffloadPlanner.ContextLadder(plan.Context, request.MinimumContext).Skip(1))
        {
            yield return Replan(facts, request with { Context = context, MinimumContext = context, MaxGpuLayers = 0 }, plan.RequestedContext);
        }
    }

    private static OffloadPlan Replan(ModelMemoryFacts facts, PlanRequest request, int requestedContext)
    {
        var step = OffloadPlanner.Plan(facts, request);
        return step with { RequestedContext = requestedContext };
    }
}
