using ModelScale.Profiles.Catalog;
using ModelScale.Profiles.Gguf;
using ModelScale.Profiles.Planning;

namespace ModelScale.ChatHost.Engine;

/// <summary>A profile checked and planned but not loaded: its header facts, and the request a load would make.</summary>
/// <param name="Profile">The profile, described from its header when it is ad hoc.</param>
/// <param name="Gguf">The file's header (metadata and tensor table).</param>
/// <param name="Request">The load request, with the memory plan (which may not fit).</param>
public sealed record InspectedProfile(ModelProfile Profile, GgufFile Gguf, ModelLoadRequest Request)
{
    /// <summary>The memory plan against the memory free when it was inspected.</summary>
    public OffloadPlan Plan => Request.Planned!.Plan;
}
