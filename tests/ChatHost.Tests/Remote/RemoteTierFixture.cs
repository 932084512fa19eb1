using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Engine.Remote;
using ModelScale.ChatHost.Sessions;
using ModelScale.ChatHost.Tests.Api;
using ModelScale.ChatHost.Tests.Engine;
using ModelScale.Profiles.Catalog;
using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Remote;

/// <summary>
/// A second ModelScale, served on a loopback port, as the remote engine: a catalog with the local tier "tiny"
/// (tiny-random), the local tier "stories" (stories260K), and "far", which is stories260K served by that instance.
/// </summary>
internal sealed class RemoteTierFixture : IAsyncDisposable
{
    private RemoteTierFixture(ServeInstance remote, Dictionary<string, string?> environment, string? apiKeyVariable, Uri? baseUrl)
    {
        Remote = remote;
        Variables = new TestEnvironment(environment);
        var far = new ModelProfile
        {
            Id = "far",
            DisplayName = "stories260K, remote",
            Remote = new RemoteEndpoint(baseUrl ?? new Uri(remote.BaseUrl, "v1"), "stories", apiKeyVariable),
        };
        Catalog = new ProfileCatalog(
            [
                new ModelProfile { Id = "stories", DisplayName = "stories260K", Path = OwnModels.Tiny, ContextLength = 2048 },
                new ModelProfile { Id = "tiny", DisplayName = "tiny-random", Path = OwnModels.Other, ContextLength = 512 },
                far,
            ],
            []);
        Engine = EngineFactory.Create();
        var options = Microsoft.Extensions.Options.Options.Create(new EngineOptions { Threads = 1 });
        Locator = new ModelLocator(Path.Combine(Path.GetTempPath(), "modelscale-tests-models"));
        Loader = new ProfileLoader(Engine, Locator, new ModelPlanner(new FixedMemoryInventory(), options), options);
        Remotes = new RemoteClientFactory(Variables, TimeProvider.System) { MaxRetries = 1, RetryDelay = TimeSpan.FromMilliseconds(50), AttemptTimeout = TimeSpan.FromSeconds(20) };
    }

    public ServeInstance Remote { get; }

    public TestEnvironment Variables { get; }

    public ProfileCatalog Catalog { get; }

    public ModelEngine Engine { get; }

    public ModelLocator Locator { get; }

    public ProfileLoader Loader { get; }

    public RemoteClientFactory Remotes { get; }

    public static async Task<RemoteTierFixture> StartAsync(string? remoteApiKey = null, string? clientApiKey = null, Uri? baseUrl = null)
    {
        var remote = await ServeInstance.StartAsync(apiKey: remoteApiKey);
        var environment = new Dictionary<string, string?> { ["FAR_API_KEY"] = clientApiKey };
        return new RemoteTierFixture(remote, environment, clientApiKey is null ? null : "FAR_API_KEY", baseUrl);
    }

    public LocalChatSession NewSession() => new(Catalog, Locator, Loader, Engine, TimeProvider.System, remotes: Remotes);

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        await Remote.DisposeAsync();
    }

    /// <summary>Environment variables as a test sets them.</summary>
    internal sealed class TestEnvironment(Dictionary<string, string?> variables) : IPlatformEnvironment
    {
        public bool IsWindows => false;

        public bool IsMacOS => false;

        public string HomeDirectory => Path.GetTempPath();

        public string? GetEnvironmentVariable(string name) => variables.GetValueOrDefault(name);

        public string GetFolderPath(System.Environment.SpecialFolder folder) => Path.GetTempPath();
    }
}
