using ModelScale.ChatHost.Engine;
using ModelScale.Profiles.Catalog;
using ModelScale.Profiles.Planning;

namespace ModelScale.ChatHost.Sessions;

/// <summary>The outcome of switching a session to a profile: what was loaded, how, and how long it took.</summary>
public sealed record ProfileSwitch(
    ModelProfile Profile,
    string Path,
    TimeSpan Elapsed,
    bool WasResident,
    int ContextLength,
    int GpuLayerCount,
    int Threads,
    TemplateSource Template)
{
    /// <summary>The memory plan the model was loaded with, after any fallback.</summary>
    public OffloadPlan? Plan { get; init; }

    /// <summary>
    /// The plan's reason and notes when the plan itself stayed where the model was loaded (a service): the terminal shows
    /// them as it shows <see cref="Plan"/>'s, so that a chat through --connect opens as a local one does.
    /// </summary>
    public (string Reason, IReadOnlyList<string> Notes)? ServicePlan { get; init; }

    /// <summary>Fallback steps the load needed.</summary>
    public int FallbackSteps { get; init; }

    /// <summary>Set when the profile is a remote tier: nothing was loaded here.</summary>
    public RemoteEndpoint? Remote { get; init; }
}
