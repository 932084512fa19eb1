using ModelScale.Profiles.Planning;

namespace ModelScale.ChatHost.Engine;

/// <summary>A memory plan with what it was computed from, so the fallback ladder can plan again with less.</summary>
public sealed record PlannedLoad(ModelMemoryFacts Facts, PlanRequest Request, OffloadPlan Plan);
