using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Api;

/// <summary>
/// A served instance with one more profile, llama-2-tiny-random from ../shared/models (random weights over the real
/// llama-2 vocabulary), for the tests that name llama-2 token ids. Without the shared models it serves only the usual
/// profiles: the tests that need that profile are [SharedModelsFact] and are skipped then, and the others still run.
/// </summary>
public sealed class SharedTinyRandomServeFixture : IAsyncLifetime
{
    public const string Profile = "tiny-random";

    private ServeInstance? _instance;

    internal ServeInstance Instance => _instance ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() =>
        _instance = await ServeInstance.StartAsync(extraProfiles: TestModels.MissingReason is null
            ? $$"""{ "id": "{{Profile}}", "displayName": "llama-2-tiny-random", "path": {{System.Text.Json.JsonSerializer.Serialize(TestModels.TinyRandom)}}, "contextLength": 4096 }"""
            : null);

    public async Task DisposeAsync()
    {
        if (_instance is not null)
        {
            await _instance.DisposeAsync();
        }
    }
}
