using System.Text.Json;
using Json.Schema;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine;
using ModelScale.Tests.Shared;
using ChatResponseFormat = Microsoft.Extensions.AI.ChatResponseFormat;

namespace ModelScale.ChatHost.Tests.Engine.Decoding.Grammar;

/// <summary>llama-2-tiny-random (random weights, the llama-2 vocabulary), loaded once for the structured-output tests.</summary>
public sealed class TinyModelFixture : IAsyncLifetime
{
    private ModelEngine? _engine;

    internal LlamaChatClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (TestModels.MissingReason is not null)
        {
            return;
        }

        _engine = EngineFactory.Create();
        var lease = await _engine.LeaseAsync(EngineFactory.SharedTinyRandom(context: 2048));
        Client = (LlamaChatClient)lease.Client;
        lease.Dispose();

    }

    public Task DisposeAsync()
    {
        _engine?.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>
/// Structured output end to end below HTTP: a response format becomes a grammar in the sampler, the random-weight model
/// writes JSON, and JsonSchema.Net (formats checked) says it validates; generation stops as the JSON closes.
/// </summary>
public sealed class StructuredOutputTests(TinyModelFixture fixture) : IClassFixture<TinyModelFixture>
{
    private static readonly EvaluationOptions Strict = new() { RequireFormatValidation = true, OutputFormat = OutputFormat.List };

    [SharedModelsTheory]
    [MemberData(nameof(Schemas))]
    public async Task Schema_OutputOfTheRandomModel_ParsesAndValidates(string name, string schemaText)
    {
        using var schemaJson = JsonDocument.Parse(schemaText);
        foreach (var seed in (long[])[1])
        {
            var response = await fixture.Client.GetResponseAsync(
                [new ChatMessage(ChatRole.User, "Answer in JSON.")],
                new ChatOptions
                {
                    Temperature = 1,
                    Seed = seed,
                    MaxOutputTokens = 1500,
                    ResponseFormat = ChatResponseFormat.ForJsonSchema(schemaJson.RootElement.Clone(), name),
                });

            var text = response.Text;
            Assert.True(response.FinishReason == ChatFinishReason.Stop, $"{name} seed {seed}: the answer did not end with the JSON ({response.FinishReason}): {text}");
            using var output = JsonDocument.Parse(text);
            var result = JsonSchema.FromText(schemaText).Evaluate(output.RootElement, Strict);
            Assert.True(result.IsValid, $"{name} seed {seed}: {text} does not validate: {string.Join("; ", result.Details?.Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Value}")) ?? [])}");
        }
    }

    [SharedModelsFact]
    public async Task JsonObject_OutputIsOneJsonObject()
    {
        // A random model almost never closes a free string; a bias toward '"' (token 29908 in the llama-2 vocab) makes it.
        var response = await fixture.Client.GetResponseAsync(
            [new ChatMessage(ChatRole.User, "Answer in JSON.")],
            new ChatOptions
            {
                Temperature = 1,
                Seed = 3,
                MaxOutputTokens = 1500,
                ResponseFormat = ChatResponseFormat.Json,
                AdditionalProperties = new() { [ChatOptionsSampling.LogitBias] = new Dictionary<int, float> { [29908] = 8 } },
            });

        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        using var output = JsonDocument.Parse(response.Text);
        Assert.Equal(JsonValueKind.Object, output.RootElement.ValueKind);
    }

    [SharedModelsFact]
    public async Task Schema_CutByMaxTokens_EndsWithLength()
    {
        using var schema = JsonDocument.Parse("""{"type":"array","items":{"type":"integer"},"minItems":50}""");
        var response = await fixture.Client.GetResponseAsync(
            [new ChatMessage(ChatRole.User, "Numbers.")],
            new ChatOptions { Temperature = 1, Seed = 1, MaxOutputTokens = 10, ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement.Clone()) });

        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.StartsWith("[", response.Text.TrimStart(), StringComparison.Ordinal);
    }

    [SharedModelsFact]
    public async Task Schema_SameSeed_SameOutput_OtherSeed_OtherOutput()
    {
        using var schema = JsonDocument.Parse("""{"type":"array","items":{"type":"integer","minimum":0,"maximum":999},"minItems":6,"maxItems":6}""");
        async Task<string> AskAsync(long seed) => (await fixture.Client.GetResponseAsync(
            [new ChatMessage(ChatRole.User, "Numbers.")],
            new ChatOptions { Temperature = 1, Seed = seed, MaxOutputTokens = 200, ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement.Clone()) })).Text;

        var first = await AskAsync(11);
        Assert.Equal(first, await AskAsync(11));
        Assert.NotEqual(first, await AskAsync(12));
    }

    public static TheoryData<string, string> Schemas => StructuredOutputSchemas.All;
}
