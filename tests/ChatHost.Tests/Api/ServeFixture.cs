namespace ModelScale.ChatHost.Tests.Api;

/// <summary>One served instance shared by the tests of the "serve" collection (they run one after another).</summary>
public sealed class ServeFixture : IAsyncLifetime
{
    private ServeInstance? _instance;

    internal ServeInstance Instance => _instance ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _instance = await ServeInstance.StartAsync();

    public async Task DisposeAsync()
    {
        if (_instance is not null)
        {
            await _instance.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ServeCollection : ICollectionFixture<ServeFixture>
{
    public const string Name = "serve";
}
