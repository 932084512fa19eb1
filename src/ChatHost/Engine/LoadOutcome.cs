using ModelScale.Profiles.Planning;

namespace ModelScale.ChatHost.Engine;

/// <summary>How a load went: the plan that worked, the buffers llama.cpp reported, and the fallback steps it took.</summary>
internal sealed record LoadOutcome(OffloadPlan? Plan, MeasuredBuffers Buffers, int FallbackSteps);
