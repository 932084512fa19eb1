using Microsoft.Extensions.Options;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Sessions;
using ModelScale.ChatHost.Tests.Engine;
using ModelScale.Profiles.Catalog;
using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Sessions;

/// <summary>A session over a small catalog of the shared test models ("stories" and "tiny").</summary>
internal sealed class SessionFactory : IAsyncDisposable
{
    public SessionFactory(int? contextLength = null)
    {
        Catalog = new ProfileCatalog(
            [
                new ModelProfile { Id = "stories", DisplayName = "stories260K", Path = OwnModels.Tiny, ContextLength = 2048 },
                new ModelProfile { Id = "tiny", DisplayName = "tiny-random", Path = OwnModels.Other, ContextLength = 512 },
                new ModelProfile { Id = "absent", DisplayName = "Not here", Source = new ModelSource("someone/absent-GGUF", "absent.gguf", new Uri("https://example.invalid/absent.gguf")) },
            ],
            []);
        Engine = EngineFactory.Create();
        var options = Options.Create(new EngineOptions { Threads = 1, ContextLength = contextLength });
        Locator = new ModelLocator(Path.Combine(Path.GetTempPath(), "modelscale-tests-models"));
        Loader = new ProfileLoader(Engine, Locator, new ModelPlanner(new FixedMemoryInventory(), options), options);
        Session = new LocalChatSession(Catalog, Locator, Loader, Engine, TimeProvider.System);
    }

    public ProfileCatalog Catalog { get; }

    public ModelEngine Engine { get; }

    public ModelLocator Locator { get; }

    public ProfileLoader Loader { get; }

    public LocalChatSession Session { get; }

    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync();
        await Engine.DisposeAsync();
    }
}
