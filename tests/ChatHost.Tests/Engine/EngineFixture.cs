using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModelScale.ChatHost.Engine;
using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Engine;

internal static class EngineFactory
{
    public static ModelEngine Create(int maxResident = 2) =>
        new(Options.Create(new EngineOptions { Threads = 2 }), TimeProvider.System, NullLogger<ModelEngine>.Instance) { MaxResident = maxResident };

    public static ModelLoadRequest Stories(int context = 2048) => new("stories", "stories260K", TestModels.Stories260K, context);

    public static ModelLoadRequest Tiny(int context = 512) => new("tiny", "tiny-random", TestModels.TinyRandom, context);
}
