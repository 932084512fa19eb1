using System.Net;
using System.Text;
using System.Text.Json;

namespace ModelScale.ChatHost.Tests.Api;

/// <summary>POST /v1/completions (OpenAI's legacy completions) on the tests' own model, over real HTTP.</summary>
[Collection(ServeCollection.Name)]
public sealed class CompletionsApiTests(ServeFixture fixture)
{
    private const string Prompt = "Once upon a time";

    private ServeInstance Serve => fixture.Instance;

    private static string Request(string extra, string prompt = $"\"{Prompt}\"", int maxTokens = 12) =>
        $$"""{"model":"stories","prompt":{{prompt}},"max_tokens":{{maxTokens}},"temperature":0{{extra}}}""";

    private async Task<JsonElement> CompleteAsync(string body)
    {
        using var http = Serve.CreateHttpClient();
        var response = await ApiAssert.PostAsync(http, "/v1/completions", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var json = JsonDocument.Parse(text);
        return json.RootElement.Clone();
    }

    private async Task<List<JsonElement>> StreamAsync(string body)
    {
        using var http = Serve.CreateHttpClient();
        var response = await ApiAssert.PostAsync(http, "/v1/completions", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/event-stream", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        var events = (await response.Content.ReadAsStringAsync()).Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).ToList();
        Assert.Equal("data: [DONE]", events[^1]);
        return [.. events.SkipLast(1).Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement.Clone())];
    }

    [Fact]
    public async Task Plain_ContinuesTheRawPrompt_WithoutTheChatTemplate()
    {
        var completion = await CompleteAsync(Request(""));
        var choice = Assert.Single(completion.GetProperty("choices").EnumerateArray());

        Assert.Equal("text_completion", completion.GetProperty("object").GetString());
        Assert.StartsWith("cmpl-", completion.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("stories", completion.GetProperty("model").GetString());
        Assert.Equal(0, choice.GetProperty("index").GetInt32());
        Assert.False(string.IsNullOrEmpty(choice.GetProperty("text").GetString()));
        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        Assert.Equal(JsonValueKind.Null, choice.GetProperty("logprobs").ValueKind);
        var usage = completion.GetProperty("usage");
        Assert.Equal(12, usage.GetProperty("completion_tokens").GetInt32());

        // The model's vocabulary is bytes and a few merges: the raw prompt is at most its bytes and BOS; the chat template adds its markup.
        Assert.InRange(usage.GetProperty("prompt_tokens").GetInt32(), 2, Encoding.UTF8.GetByteCount(Prompt) + 1);
        using var http = Serve.CreateHttpClient();
        var chat = await ApiAssert.PostAsync(http, "/v1/chat/completions", $$"""{"model":"stories","messages":[{"role":"user","content":"{{Prompt}}"}],"max_tokens":2}""");
        using var chatJson = JsonDocument.Parse(await chat.Content.ReadAsStringAsync());
        Assert.True(chatJson.RootElement.GetProperty("usage").GetProperty("prompt_tokens").GetInt32() > usage.GetProperty("prompt_tokens").GetInt32());
    }

    [Fact]
    public async Task Echo_WritesThePromptBeforeTheSameCompletion()
    {
        var plain = (await CompleteAsync(Request(""))).GetProperty("choices")[0].GetProperty("text").GetString();
        var echoed = (await CompleteAsync(Request(""","echo":true"""))).GetProperty("choices")[0].GetProperty("text").GetString();
        Assert.Equal(Prompt + plain, echoed);
    }

    [Fact]
    public async Task Stop_CutsTheTextBeforeIt_AndFinishesWithStop()
    {
        var plain = (await CompleteAsync(Request("", maxTokens: 30))).GetProperty("choices")[0].GetProperty("text").GetString()!;
        var stop = plain.Substring(plain.Length / 2, 2);
        var choice = (await CompleteAsync(Request($$""","stop":[{{JsonSerializer.Serialize(stop)}}]""", maxTokens: 30))).GetProperty("choices")[0];

        Assert.Equal(plain[..plain.IndexOf(stop, StringComparison.Ordinal)], choice.GetProperty("text").GetString());
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task Stream_ChunksAddUpToTheWholeAnswer_ThenUsage_ThenDone()
    {
        var whole = (await CompleteAsync(Request(""","echo":true"""))).GetProperty("choices")[0].GetProperty("text").GetString();
        var chunks = await StreamAsync(Request(""","echo":true,"stream":true,"stream_options":{"include_usage":true}"""));

        var text = new StringBuilder();
        string? finish = null;
        foreach (var chunk in chunks.SkipLast(1))
        {
            Assert.Equal("text_completion", chunk.GetProperty("object").GetString());
            var choice = Assert.Single(chunk.GetProperty("choices").EnumerateArray());
            text.Append(choice.GetProperty("text").GetString());
            finish = choice.GetProperty("finish_reason").GetString() ?? finish;
        }

        Assert.True(chunks.Count > 4, $"{chunks.Count} chunks");
        Assert.Equal(whole, text.ToString());
        Assert.Equal("length", finish);
        Assert.Empty(chunks[^1].GetProperty("choices").EnumerateArray());
        Assert.Equal(12, chunks[^1].GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task Logprobs_LegacyShape_GreedyTokenIsTheTopOne_OffsetsFollowTheText()
    {
        var choice = (await CompleteAsync(Request(""","logprobs":3"""))).GetProperty("choices")[0];
        var text = choice.GetProperty("text").GetString()!;
        var logprobs = choice.GetProperty("logprobs");
        var tokens = logprobs.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()!).ToList();
        var values = logprobs.GetProperty("token_logprobs").EnumerateArray().Select(t => t.GetDouble()).ToList();
        var tops = logprobs.GetProperty("top_logprobs").EnumerateArray().ToList();
        var offsets = logprobs.GetProperty("text_offset").EnumerateArray().Select(t => t.GetInt32()).ToList();

        Assert.Equal(12, tokens.Count);
        Assert.Equal(12, values.Count);
        Assert.Equal(12, tops.Count);
        Assert.Equal(0, offsets[0]);
        Assert.True(offsets.Zip(offsets.Skip(1)).All(p => p.First <= p.Second), "offsets never go back");
        Assert.True(offsets[^1] < text.Length);
        for (var i = 0; i < tokens.Count; i++)
        {
            Assert.True(values[i] <= 0);
            var top = tops[i].EnumerateObject().ToList();
            Assert.InRange(top.Count, 1, 3);
            Assert.Equal(values[i], top.Max(p => p.Value.GetDouble()));
            Assert.True(top.Sum(p => Math.Exp(p.Value.GetDouble())) <= 1 + 1e-4);
            if (!tokens[i].Contains('\uFFFD', StringComparison.Ordinal))
            {
                Assert.Equal(tokens[i], text.Substring(offsets[i], tokens[i].Length));
            }
        }

        // Streamed, the same tokens come with the same values and offsets. The values agree to float precision, not to
        // the bit: the second request reuses the first one's cached prompt, so llama.cpp computes its logits in batches
        // of another size, which can move the last bits (seen once on a loaded machine).
        var streamed = await StreamAsync(Request(""","logprobs":3,"stream":true"""));
        var pieces = streamed.Select(c => c.GetProperty("choices")[0].GetProperty("logprobs")).Where(l => l.ValueKind == JsonValueKind.Object).ToList();
        Assert.Equal(tokens, pieces.SelectMany(l => l.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()!)));
        var streamedValues = pieces.SelectMany(l => l.GetProperty("token_logprobs").EnumerateArray().Select(t => t.GetDouble())).ToList();
        Assert.Equal(values.Count, streamedValues.Count);
        Assert.All(values.Zip(streamedValues), pair => Assert.Equal(pair.First, pair.Second, 1e-4));
        Assert.Equal(offsets, pieces.SelectMany(l => l.GetProperty("text_offset").EnumerateArray().Select(t => t.GetInt32())));
    }

    [Fact]
    public async Task PromptArray_OneChoicePerPrompt_InOrder()
    {
        var single = (await CompleteAsync(Request(""))).GetProperty("choices")[0].GetProperty("text").GetString();
        var other = (await CompleteAsync(Request("", prompt: "\"The dog\""))).GetProperty("choices")[0].GetProperty("text").GetString();
        var both = await CompleteAsync(Request("", prompt: $"[\"{Prompt}\",\"The dog\"]"));
        var choices = both.GetProperty("choices").EnumerateArray().ToList();

        Assert.Equal(2, choices.Count);
        Assert.Equal([0, 1], choices.Select(c => c.GetProperty("index").GetInt32()));
        Assert.Equal(single, choices[0].GetProperty("text").GetString());
        Assert.Equal(other, choices[1].GetProperty("text").GetString());
        Assert.Equal(24, both.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Theory]
    [InlineData(""","suffix":"the end" """, "suffix")]
    [InlineData(""","best_of":2""", "best_of")]
    [InlineData(""","n":2""", "n")]
    [InlineData(""","logprobs":21""", "logprobs")]
    [InlineData(""","logprobs":2,"echo":true""", "echo")]
    [InlineData(""","temperature":3""", "temperature")]
    [InlineData(""","top_p":2""", "top_p")]
    [InlineData(""","stop":5""", "stop")]
    [InlineData(""","max_tokens":0""", "max_tokens")]
    [InlineData(""","frobnicate":true""", "frobnicate")]
    public async Task BadField_Is400NamingIt(string extra, string param)
    {
        using var http = Serve.CreateHttpClient();
        var error = await ApiAssert.ErrorAsync(await ApiAssert.PostAsync(http, "/v1/completions", Request(extra)), HttpStatusCode.BadRequest, param: param);
        Assert.Contains(param, error.GetProperty("message").GetString()!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1,2,3]")]
    [InlineData("[[1,2],[3]]")]
    [InlineData("\"\"")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{}")]
    public async Task BadPrompt_Is400NamingPrompt(string prompt)
    {
        using var http = Serve.CreateHttpClient();
        await ApiAssert.ErrorAsync(await ApiAssert.PostAsync(http, "/v1/completions", Request("", prompt: prompt)), HttpStatusCode.BadRequest, param: "prompt");
    }

    [Fact]
    public async Task RemoteTier_Is400NamingTheModel()
    {
        var far = """{ "id": "far", "displayName": "a remote tier", "remote": { "baseUrl": "http://127.0.0.1:9/v1", "model": "x" } }""";
        await using var front = await ServeInstance.StartAsync(extraProfiles: far);
        using var http = front.CreateHttpClient();
        var error = await ApiAssert.ErrorAsync(
            await ApiAssert.PostAsync(http, "/v1/completions", Request("").Replace("\"stories\"", "\"far\"", StringComparison.Ordinal)),
            HttpStatusCode.BadRequest,
            "unsupported_parameter",
            "model");
        Assert.Contains("remote tier", error.GetProperty("message").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APromptLongerThanTheContext_Is400NamingPrompt()
    {
        using var http = Serve.CreateHttpClient();
        await ApiAssert.ErrorAsync(
            await ApiAssert.PostAsync(http, "/v1/completions", Request("", prompt: JsonSerializer.Serialize(new string('x', 5000)))),
            HttpStatusCode.BadRequest,
            "context_length_exceeded",
            "prompt");
    }

    [Fact]
    public async Task UnknownModel_Is404()
    {
        using var http = Serve.CreateHttpClient();
        await ApiAssert.ErrorAsync(await ApiAssert.PostAsync(http, "/v1/completions", Request("").Replace("\"stories\"", "\"nope\"", StringComparison.Ordinal)), HttpStatusCode.NotFound, "model_not_found");
    }
}
