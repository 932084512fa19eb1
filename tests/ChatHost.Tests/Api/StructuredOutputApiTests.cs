#pragma warning disable OPENAI001 // Seed is marked experimental in the SDK.
using System.Net;
using System.Text.Json;
using Json.Schema;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Tests.Engine.Decoding.Grammar;
using ModelScale.Tests.Shared;
using OpenAI.Chat;

namespace ModelScale.ChatHost.Tests.Api;

/// <summary>response_format, the sampling fields, the seed and the refusals of /v1/chat/completions, over real HTTP.</summary>
public sealed class StructuredOutputApiTests(SharedTinyRandomServeFixture fixture) : IClassFixture<SharedTinyRandomServeFixture>
{
    private ServeInstance Serve => fixture.Instance;

    private static string Request(string extra, string model = SharedTinyRandomServeFixture.Profile, int maxTokens = 600) =>
        $$"""{"model":"{{model}}","messages":[{"role":"user","content":"Answer in JSON."}],"max_tokens":{{maxTokens}},"temperature":1,"seed":3{{extra}}}""";

    private static async Task<JsonElement> ChoiceAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("choices")[0].Clone();
    }

    [SharedModelsFact]
    public async Task JsonSchema_OverHttp_AnswerValidatesAndEndsWithStop()
    {
        using var http = Serve.CreateHttpClient();
        const string schema = """{"type":"object","properties":{"city":{"type":"string","maxLength":10},"days":{"type":"integer","minimum":1,"maximum":7},"when":{"type":"string","format":"date"}},"required":["city","days","when"],"additionalProperties":false}""";
        var choice = await ChoiceAsync(await ApiAssert.PostAsync(http, "/v1/chat/completions", Request(""","response_format":{"type":"json_schema","json_schema":{"name":"trip","strict":true,"schema":""" + schema + "}}")));

        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        using var answer = JsonDocument.Parse(choice.GetProperty("message").GetProperty("content").GetString()!);
        Assert.True(JsonSchema.FromText(schema).Evaluate(answer.RootElement, new EvaluationOptions { RequireFormatValidation = true }).IsValid, answer.RootElement.GetRawText());
    }

    [SharedModelsFact]
    public async Task JsonSchema_Streamed_AnswerValidates()
    {
        using var http = Serve.CreateHttpClient();
        const string schema = """{"type":"array","items":{"enum":["red","green","blue"]},"minItems":2,"maxItems":3}""";
        var response = await ApiAssert.PostAsync(http, "/v1/chat/completions", Request(""","stream":true,"response_format":{"type":"json_schema","json_schema":{"name":"colours","schema":""" + schema + "}}"));
        var text = new System.Text.StringBuilder();
        string? finish = null;
        foreach (var line in (await response.Content.ReadAsStringAsync()).Split('\n').Where(l => l.StartsWith("data: {", StringComparison.Ordinal)))
        {
            using var chunk = JsonDocument.Parse(line["data: ".Length..]);
            foreach (var choice in chunk.RootElement.GetProperty("choices").EnumerateArray())
            {
                if (choice.GetProperty("delta").TryGetProperty("content", out var content))
                {
                    text.Append(content.GetString());
                }

                finish ??= choice.GetProperty("finish_reason").GetString();
            }
        }

        Assert.Equal("stop", finish);
        using var answer = JsonDocument.Parse(text.ToString());
        Assert.True(JsonSchema.FromText(schema).Evaluate(answer.RootElement).IsValid, text.ToString());
    }

    [SharedModelsFact]
    public async Task JsonSchema_CutByMaxTokens_FinishReasonIsLength()
    {
        using var http = Serve.CreateHttpClient();
        var choice = await ChoiceAsync(await ApiAssert.PostAsync(http, "/v1/chat/completions", Request(
            ""","response_format":{"type":"json_schema","json_schema":{"name":"many","schema":{"type":"array","items":{"type":"integer"},"minItems":40}}}""", maxTokens: 8)));
        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
    }

    [SharedModelsFact]
    public async Task JsonObject_WithLogitBiasTowardClosingQuotes_IsOneObject()
    {
        using var http = Serve.CreateHttpClient();

        // A random model almost never closes a free string; a bias toward '"' (token 29908 in the llama-2 vocab) makes it.
        var choice = await ChoiceAsync(await ApiAssert.PostAsync(http, "/v1/chat/completions", Request(
            ""","response_format":{"type":"json_object"},"logit_bias":{"29908":8}""", maxTokens: 1500)));
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        using var answer = JsonDocument.Parse(choice.GetProperty("message").GetProperty("content").GetString()!);
        Assert.Equal(JsonValueKind.Object, answer.RootElement.ValueKind);
    }

    [SharedModelsFact]
    public async Task MicrosoftExtensionsAi_GetResponseAsyncOfT_ReturnsTheTypedObject()
    {
        IChatClient client = Serve.OpenAiChat(SharedTinyRandomServeFixture.Profile).AsIChatClient();
        var response = await client.GetResponseAsync<Forecast>(
            [new Microsoft.Extensions.AI.ChatMessage(ChatRole.User, "The forecast, please.")],
            new ChatOptions { Temperature = 1, Seed = 4, MaxOutputTokens = 600 });

        Assert.True(response.TryGetResult(out var forecast), response.Text);
        Assert.NotNull(forecast);
        Assert.Equal(Microsoft.Extensions.AI.ChatFinishReason.Stop, response.FinishReason);
    }

    [SharedModelsFact]
    public async Task Seed_IsReturned_AndTheSameSeedGivesTheSameAnswer()
    {
        using var http = Serve.CreateHttpClient();
        const string noSeed = """{"model":"stories","messages":[{"role":"user","content":"Once upon a time"}],"max_tokens":24,"temperature":1.2}""";
        var first = await ApiAssert.PostAsync(http, "/v1/chat/completions", noSeed);
        var second = await ApiAssert.PostAsync(http, "/v1/chat/completions", noSeed);
        var firstSeed = long.Parse(first.Headers.GetValues("X-ModelScale-Seed").Single(), System.Globalization.CultureInfo.InvariantCulture);
        var secondSeed = long.Parse(second.Headers.GetValues("X-ModelScale-Seed").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.NotEqual(firstSeed, secondSeed);

        using var firstJson = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        Assert.Equal(firstSeed, firstJson.RootElement.GetProperty("seed").GetInt64());
        var firstText = firstJson.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();

        var again = await ChoiceAsync(await ApiAssert.PostAsync(http, "/v1/chat/completions", noSeed.Replace("\"temperature\":1.2", $"\"temperature\":1.2,\"seed\":{firstSeed}", StringComparison.Ordinal)));
        Assert.Equal(firstText, again.GetProperty("message").GetProperty("content").GetString());
    }

    [SharedModelsFact]
    public async Task SamplingFields_ChangeTheAnswer()
    {
        using var http = Serve.CreateHttpClient();
        async Task<string> AnswerAsync(string extra) => (await ChoiceAsync(await ApiAssert.PostAsync(http, "/v1/chat/completions",
            $$"""{"model":"stories","messages":[{"role":"user","content":"Once upon a time"}],"max_tokens":32,"temperature":0{{extra}}}""")))
            .GetProperty("message").GetProperty("content").GetString()!;

        var greedy = await AnswerAsync(string.Empty);
        Assert.NotEqual(greedy, await AnswerAsync(""","frequency_penalty":2"""));
        Assert.NotEqual(greedy, await AnswerAsync(""","presence_penalty":2"""));
        Assert.NotEqual(greedy, await AnswerAsync(""","repeat_penalty":3"""));

        // Sampling with top_k 1 (or a tiny top_p) is greedy whatever the seed and temperature.
        Assert.Equal(greedy, await AnswerAsync(""","temperature":1.5,"top_k":1,"seed":9"""));
        Assert.Equal(greedy, await AnswerAsync(""","temperature":1.5,"top_p":0.0001,"seed":9"""));
        Assert.Equal(greedy, await AnswerAsync(""","temperature":1.5,"min_p":1,"seed":9"""));
    }

    [SharedModelsFact]
    public async Task LogitBias_MinusHundred_BansTheToken()
    {
        using var http = Serve.CreateHttpClient();
        async Task<string> AnswerAsync(IEnumerable<int> banned) => (await ChoiceAsync(await ApiAssert.PostAsync(http, "/v1/chat/completions",
            """{"model":"stories","messages":[{"role":"user","content":"Once upon a time"}],"max_tokens":4,"temperature":0,"logit_bias":{"""
            + string.Join(",", banned.Select(t => $"\"{t}\":-100")) + "}}")))
            .GetProperty("message").GetProperty("content").GetString()!;

        // stories260K has 512 tokens: banning the half that holds the greedy first token changes the answer, banning
        // the other half does not (the end-of-sequence token 2 stays allowed).
        var greedy = await AnswerAsync([]);
        var lowBanned = await AnswerAsync(Enumerable.Range(3, 253));
        var highBanned = await AnswerAsync(Enumerable.Range(256, 256));
        Assert.True((lowBanned == greedy) != (highBanned == greedy), $"greedy '{greedy}', low half banned '{lowBanned}', high half banned '{highBanned}'");
    }

    [Theory]
    [InlineData(""","tools":[{"type":"function","function":{"parameters":{}}}]""", "tools[0].function.name")]
    [InlineData(""","tool_choice":"required" """, "tool_choice")]
    [InlineData(""","functions":[{"name":"f"}]""", "functions")]
    [InlineData(""","top_logprobs":3""", "top_logprobs")]
    [InlineData(""","logprobs":true,"top_logprobs":21""", "top_logprobs")]
    [InlineData(""","audio":{"voice":"alloy"}""", "audio")]
    [InlineData(""","store":true""", "store")]
    [InlineData(""","frobnicate":1""", "frobnicate")]
    [InlineData(""","top_p":1.5""", "top_p")]
    [InlineData(""","frequency_penalty":3""", "frequency_penalty")]
    [InlineData(""","top_k":-1""", "top_k")]
    [InlineData(""","logit_bias":{"abc":1}""", "logit_bias")]
    [InlineData(""","logit_bias":{"5":150}""", "logit_bias")]
    [InlineData(""","response_format":{"type":"xml"}""", "response_format.type")]
    [InlineData(""","response_format":{"type":"json_schema"}""", "response_format.json_schema")]
    [InlineData(""","response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{"type":"string","pattern":"^a$"}}}""", "response_format")]
    public async Task UnsupportedOrInvalidField_Is400NamingIt(string extra, string param)
    {
        using var http = Serve.CreateHttpClient();
        var error = await ApiAssert.ErrorAsync(await ApiAssert.PostAsync(http, "/v1/chat/completions", Request(extra)), HttpStatusCode.BadRequest, param: param);
        Assert.Contains(param.Split('.')[0], error.GetProperty("message").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schema_Refusal_NamesTheKeyword()
    {
        using var http = Serve.CreateHttpClient();
        var error = await ApiAssert.ErrorAsync(
            await ApiAssert.PostAsync(http, "/v1/chat/completions", Request(""","response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{"type":"object","properties":{"n":{"type":"number","multipleOf":5}}}}}""")),
            HttpStatusCode.BadRequest,
            "unsupported_schema",
            "response_format");
        Assert.Contains("'multipleOf' at /properties/n", error.GetProperty("message").GetString()!, StringComparison.Ordinal);
    }

    [SharedModelsFact]
    public async Task LogitBias_ForATokenTheModelLacks_Is400()
    {
        using var http = Serve.CreateHttpClient();
        await ApiAssert.ErrorAsync(
            await ApiAssert.PostAsync(http, "/v1/chat/completions", Request(""","logit_bias":{"999999":5}""", model: "stories", maxTokens: 4)),
            HttpStatusCode.BadRequest,
            param: "logit_bias");
    }

    [Fact]
    public async Task InertFields_AreAccepted()
    {
        using var http = Serve.CreateHttpClient();
        var response = await ApiAssert.PostAsync(http, "/v1/chat/completions", Request(""","user":"u1","store":false,"logprobs":false,"tools":[],"parallel_tool_calls":false,"service_tier":"auto","metadata":{"a":"b"}""", model: "nope"));

        // Past the field checks, the unknown model is what fails.
        await ApiAssert.ErrorAsync(response, HttpStatusCode.NotFound, "model_not_found");
    }

    [Theory]
    [InlineData("GET", "/v1/nothing-here", HttpStatusCode.NotFound, "not_found")]
    [InlineData("GET", "/v1/completions", HttpStatusCode.MethodNotAllowed, "method_not_allowed")]
    [InlineData("GET", "/v1/chat/completions", HttpStatusCode.MethodNotAllowed, "method_not_allowed")]
    [InlineData("DELETE", "/v1/models", HttpStatusCode.MethodNotAllowed, "method_not_allowed")]
    [InlineData("POST", "/health", HttpStatusCode.MethodNotAllowed, "method_not_allowed")]
    public async Task UnknownRouteOrMethod_GetsAJsonError(string method, string path, HttpStatusCode status, string code)
    {
        using var http = Serve.CreateHttpClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        await ApiAssert.ErrorAsync(await http.SendAsync(request), status, code);
    }

    /// <summary>The typed answer of GetResponseAsync&lt;T&gt; (its schema comes from the type).</summary>
    public sealed record Forecast(bool Sunny, int Days, Weekday Start);

    public enum Weekday
    {
        Monday,
        Tuesday,
        Wednesday,
    }
}
