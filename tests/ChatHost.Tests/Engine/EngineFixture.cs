using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModelScale.ChatHost.Engine;
using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Engine;

internal static class EngineFactory
{
    public static ModelEngine Create(int maxResident = 2) =>
        new(Options.Create(new EngineOptions { Threads = 1 }), TimeProvider.System, NullLogger<ModelEngine>.Instance) { MaxResident = maxResident };

    /// <summary>A model that loads and generates: the tests' own tiny model (see <see cref="OwnModels"/>).</summary>
    public static ModelLoadRequest Stories(int context = 2048) => new("stories", "stories260K", OwnModels.Tiny, context);

    /// <summary>A second, different model of the tests' own making.</summary>
    public static ModelLoadRequest Tiny(int context = 512) => new("tiny", "tiny-random", OwnModels.Other, context);

    /// <summary>The trained stories260K from ../shared/models, for the tests that need real text ([SharedModelsFact]).</summary>
    public static ModelLoadRequest TrainedStories(int context = 2048) => new("stories", "stories260K", TestModels.Stories260K, context);

    /// <summary>
    /// llama-2-tiny-random from ../shared/models ([SharedModelsFact]): random weights over the real llama-2 vocabulary, for
    /// tests that name llama-2 token ids or need whole UTF-8 characters per token.
    /// </summary>
    public static ModelLoadRequest SharedTinyRandom(int context = 512) => new("tiny", "tiny-random", TestModels.TinyRandom, context);
}
