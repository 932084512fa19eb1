using Microsoft.Extensions.Logging.Abstractions;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Replay;
using ModelScale.ChatHost.Sessions;
using ModelScale.ChatHost.Tests.Sessions;

namespace ModelScale.ChatHost.Tests.Replay;

/// <summary>
/// A replay over the session test catalog: "stories" (stories260K) and "tiny" (tiny-random) as the two tiers, and
/// "absent", whose file is never on disk.
/// </summary>
internal static class ReplayFixture
{
    public static readonly SamplingSettings Sampling = new(MaxTokens: 16);

    /// <summary>Three turns with reference answers and expected keywords.</summary>
    public static Conversation ThreeTurns { get; } = new()
    {
        System = "You tell short stories.",
        Turns =
        [
            new ConversationTurn { User = "Tell me a story about a girl and her dog.", Reference = "REFERENCE-ONE: Lily had a dog named Max.", Expect = ["the", "dog", "Lily"] },
            new ConversationTurn { User = "What happened in the park?", Reference = "REFERENCE-TWO: They found a kitten under a tree.", Expect = ["park", "tree"] },
            new ConversationTurn { User = "How does it end?", Reference = "They all became friends.", Expect = ["friends", "happy"] },
        ],
    };

    public static ReplayRunner Runner(
        SessionFactory factory,
        IMemoryProbe? probe = null,
        ProfileLoader? loader = null,
        ModelScale.Profiles.Catalog.ProfileCatalog? catalog = null,
        ModelPlanner? planner = null,
        ISystemLoad? load = null,
        IBandwidthSource? bandwidth = null) => new(
        catalog ?? factory.Catalog,
        factory.Locator,
        loader ?? factory.Loader,
        factory.Engine,
        probe ?? new SystemMemoryProbe(),
        TimeProvider.System,
        Microsoft.Extensions.Options.Options.Create(new EngineOptions { Threads = 1 }),
        NullLogger<ReplayRunner>.Instance,
        planner: planner,
        systemLoad: load,
        bandwidthSource: bandwidth);

    public static ReplayOptions Options(params string[] profiles) => new() { Profiles = profiles, Sampling = Sampling, Source = "three-turns.json" };
}
