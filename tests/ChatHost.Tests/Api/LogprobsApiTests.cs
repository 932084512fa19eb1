using System.Net;
using System.Text;
using System.Text.Json;
using OpenAI.Chat;

namespace ModelScale.ChatHost.Tests.Api;

/// <summary>logprobs and top_logprobs on /v1/chat/completions: OpenAI's shape, streamed and not, and the refusals.</summary>
[Collection(ServeCollection.Name)]
public sealed class LogprobsApiTests(ServeFixture fixture)
{
    private ServeInstance Serve => fixture.Instance;

    private static string Request(string extra, int maxTokens = 10) =>
        $$"""{"model":"stories","messages":[{"role":"user","content":"Once upon a time"}],"max_tokens":{{maxTokens}},"temperature":0{{extra}}}""";

    private static async Task<JsonElement> ChoiceAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("choices")[0].Clone();
    }

    private static byte[] Bytes(JsonElement entry) => [.. entry.GetProperty("bytes").EnumerateArray().Select(b => (byte)b.GetInt32())];

    [Fact]
    public async Task Greedy_EachTokenHasItsLogprobAndSortedAlternatives_TopOneBeingTheToken()
    {
        using var http = Serve.CreateHttpClient();
        var choice = await ChoiceAsync(await ApiAssert.PostAsync(http, "/v1/chat/completions", Request(""","logprobs":true,"top_logprobs":4""")));

        var content = choice.GetProperty("message").GetProperty("content").GetString()!;
        var tokens = choice.GetProperty("logprobs").GetProperty("content").EnumerateArray().ToList();
        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        Assert.Equal(10, tokens.Count);
        foreach (var token in tokens)
        {
            var logprob = token.GetProperty("logprob").GetDouble();
            var top = token.GetProperty("top_logprobs").EnumerateArray().ToList();
            Assert.True(logprob <= 0);
            Assert.Equal(4, top.Count);
            Assert.Equal(token.GetProperty("token").GetString(), top[0].GetProperty("token").GetString());
            Assert.Equal(logprob, top[0].GetProperty("logprob").GetDouble());
            Assert.True(top.Zip(top.Skip(1)).All(p => p.First.GetProperty("logprob").GetDouble() >= p.Second.GetProperty("logprob").GetDouble()), "sorted");
            Assert.True(top.Sum(t => Math.Exp(t.GetProperty("logprob").GetDouble())) <= 1 + 1e-4);
        }

        Assert.Equal(Encoding.UTF8.GetBytes(content), tokens.SelectMany(Bytes).ToArray());
    }

    [Fact]
    public async Task Streamed_ChunksCarryTheSameLogprobsAsTheWholeAnswer()
    {
        using var http = Serve.CreateHttpClient();
        var whole = await ChoiceAsync(await ApiAssert.PostAsync(http, "/v1/chat/completions", Request(""","logprobs":true,"top_logprobs":2""")));
        var response = await ApiAssert.PostAsync(http, "/v1/chat/completions", Request(""","logprobs":true,"top_logprobs":2,"stream":true"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var streamed = new List<string>();
        var chunksWithLogprobs = 0;
        foreach (var line in (await response.Content.ReadAsStringAsync()).Split('\n').Where(l => l.StartsWith("data: {", StringComparison.Ordinal)))
        {
            using var chunk = JsonDocument.Parse(line["data: ".Length..]);
            foreach (var choice in chunk.RootElement.GetProperty("choices").EnumerateArray())
            {
                if (choice.TryGetProperty("logprobs", out var logprobs))
                {
                    chunksWithLogprobs++;
                    streamed.AddRange(logprobs.GetProperty("content").EnumerateArray().Select(t => t.GetRawText()));
                }
            }
        }

        Assert.True(chunksWithLogprobs > 1, $"logprobs came in {chunksWithLogprobs} chunks");
        Assert.Equal(whole.GetProperty("logprobs").GetProperty("content").EnumerateArray().Select(t => t.GetRawText()), streamed);
    }

    [Fact]
    public async Task NotAsked_TheChoiceHasNoLogprobs()
    {
        using var http = Serve.CreateHttpClient();
        var choice = await ChoiceAsync(await ApiAssert.PostAsync(http, "/v1/chat/completions", Request(""","logprobs":false""")));
        Assert.False(choice.TryGetProperty("logprobs", out _));
    }

    [Fact]
    public async Task LogprobsWithoutTopLogprobs_ListsNoAlternatives()
    {
        using var http = Serve.CreateHttpClient();
        var choice = await ChoiceAsync(await ApiAssert.PostAsync(http, "/v1/chat/completions", Request(""","logprobs":true""", maxTokens: 3)));
        var tokens = choice.GetProperty("logprobs").GetProperty("content").EnumerateArray().ToList();
        Assert.Equal(3, tokens.Count);
        Assert.All(tokens, t => Assert.Equal(0, t.GetProperty("top_logprobs").GetArrayLength()));
    }

    [Fact]
    public async Task WithToolsOffered_TheTextTheParserLetsThroughCarriesItsTokens()
    {
        using var http = Serve.CreateHttpClient();
        var tools = "[{\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"parameters\":" + ToolCallingApiTests.TimeSchema + "}}]";
        var choice = await ChoiceAsync(await ApiAssert.PostAsync(http, "/v1/chat/completions", Request(",\"logprobs\":true,\"tools\":" + tools + ",\"tool_choice\":\"auto\"", maxTokens: 16)));

        var content = choice.GetProperty("message").GetProperty("content").GetString()!;
        var tokens = choice.GetProperty("logprobs").GetProperty("content").EnumerateArray().ToList();
        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        Assert.Equal(16, tokens.Count);

        // A random model writes bytes that are not always UTF-8: the content shows U+FFFD where the tokens' bytes are raw.
        Assert.Equal(content, Encoding.UTF8.GetString(tokens.SelectMany(Bytes).ToArray()));
    }

    [Theory]
    [InlineData(""","logprobs":true,"top_logprobs":21""", "top_logprobs")]
    [InlineData(""","logprobs":true,"top_logprobs":-1""", "top_logprobs")]
    [InlineData(""","top_logprobs":2""", "top_logprobs")]
    [InlineData(""","logprobs":false,"top_logprobs":2""", "top_logprobs")]
    [InlineData(""","logprobs":"yes" """, "logprobs")]
    [InlineData(""","logprobs":true,"top_logprobs":2.5""", "top_logprobs")]
    public async Task BadValue_Is400NamingTheField(string extra, string param)
    {
        using var http = Serve.CreateHttpClient();
        var error = await ApiAssert.ErrorAsync(await ApiAssert.PostAsync(http, "/v1/chat/completions", Request(extra)), HttpStatusCode.BadRequest, param: param);
        Assert.Contains(param, error.GetProperty("message").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemoteTier_RefusesLogprobsByName()
    {
        var far = """{ "id": "far", "displayName": "a remote tier", "remote": { "baseUrl": "http://127.0.0.1:9/v1", "model": "x" } }""";
        await using var front = await ServeInstance.StartAsync(extraProfiles: far);
        using var http = front.CreateHttpClient();
        var error = await ApiAssert.ErrorAsync(
            await ApiAssert.PostAsync(http, "/v1/chat/completions", Request(""","logprobs":true""").Replace("\"stories\"", "\"far\"", StringComparison.Ordinal)),
            HttpStatusCode.BadRequest,
            "unsupported_parameter",
            "logprobs");
        Assert.Contains("remote tier", error.GetProperty("message").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAiSdk_ReadsTheTokenLogprobs()
    {
        var client = Serve.OpenAiChat();

        ChatCompletion completion = await client.CompleteChatAsync(
            [new UserChatMessage("Once upon a time")],
            new ChatCompletionOptions { MaxOutputTokenCount = 6, Temperature = 0, IncludeLogProbabilities = true, TopLogProbabilityCount = 3 });

        Assert.Equal(6, completion.ContentTokenLogProbabilities.Count);
        Assert.All(completion.ContentTokenLogProbabilities, t =>
        {
            Assert.True(t.LogProbability <= 0);
            Assert.Equal(3, t.TopLogProbabilities.Count);
            Assert.Equal(t.Token, t.TopLogProbabilities[0].Token);
        });
        Assert.Equal(completion.Content[0].Text, string.Concat(completion.ContentTokenLogProbabilities.Select(t => Encoding.UTF8.GetString((t.Utf8Bytes ?? ReadOnlyMemory<byte>.Empty).Span))));

        var streamed = new List<ChatTokenLogProbabilityDetails>();
        await foreach (var update in client.CompleteChatStreamingAsync(
            [new UserChatMessage("Once upon a time")],
            new ChatCompletionOptions { MaxOutputTokenCount = 6, Temperature = 0, IncludeLogProbabilities = true, TopLogProbabilityCount = 3 }))
        {
            streamed.AddRange(update.ContentTokenLogProbabilities);
        }

        Assert.Equal(completion.ContentTokenLogProbabilities.Select(t => (t.Token, t.LogProbability)), streamed.Select(t => (t.Token, t.LogProbability)));
    }
}
