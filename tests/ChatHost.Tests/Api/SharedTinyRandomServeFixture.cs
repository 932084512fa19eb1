using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Api;

/// <summary>
/// A served instance with one more profile, llama-2-tiny-random from ../shared/models (random weights over the real
/// llama-2 vocabulary), for the tests that name llama-2 token ids. It starts nothing when the shared models are absent;
/// the tests that use it are [SharedModelsFact] and are skipped then.
/// </summary>
public sealed class SharedTinyRandomServeFixture : IAsyncLifetime
{
    public const string Profile = "tiny-random";

    private ServeInstance? _instance;

    internal ServeInstance Instance => _instance ?? throw new InvalidOperationException("Not started: " + TestModels.MissingReason);

    public async Task InitializeAsync()
    {
        if (TestModels.MissingReason is null)
        {
            _instance = await ServeInstance.StartAsync(
                extraProfiles: $$"""{ "id": "{{Profile}}", "displayName": "llama-2-tiny-random", "path": {{System.Text.Json.JsonSerializer.Serialize(TestModels.TinyRandom)}}, "contextLength": 4096 }""");
        }
    }

    public async Task DisposeAsync()
    {
        if (_instance is not null)
        {
            await _instance.DisposeAsync();
        }
    }
}
