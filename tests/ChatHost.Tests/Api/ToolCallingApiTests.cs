using System.Net;
using System.Text;
using System.Text.Json;
using Json.Schema;
using Microsoft.Extensions.DependencyInjection;
using ModelScale.ChatHost.Engine;

namespace ModelScale.ChatHost.Tests.Api;

/// <summary>
/// Tool calling over POST /v1/chat/completions on the own random-weight model (no chat template, so the generic tool
/// format): a required or named call is grammar-constrained, so its arguments validate against the tool's schema.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class ToolCallingApiTests(ServeFixture fixture)
{
    // Small on purpose: the own model's context is 512 tokens of about one byte each, and the tools are in the prompt.
    internal const string WeatherSchema = """{"type":"object","properties":{"city":{"enum":["Oslo","Rome"]},"days":{"type":"integer","minimum":1,"maximum":7}},"required":["city","days"]}""";

    internal const string TimeSchema = """{"type":"object","properties":{"zone":{"enum":["UTC","CET","JST"]}},"required":["zone"]}""";

    private const string Weather = """{"type":"function","function":{"name":"get_weather","parameters":""" + WeatherSchema + ""","strict":true}}""";

    private const string Time = """{"type":"function","function":{"name":"get_time","parameters":""" + TimeSchema + "}}";

    private const string Tools = "[" + Weather + "," + Time + "]";

    private ServeInstance Serve => fixture.Instance;

    // Tests that expect text to run to max_tokens ask for temperature 0: at temperature 1 the random model ends at once
    // now and then (a few percent of answers), and a batch beside it can change which draw that is.
    private static string Request(string extra, int seed = 1, string messages = """[{"role":"user","content":"Hi"}]""", string tools = Tools, int temperature = 1) =>
        $$"""{"model":"stories","messages":{{messages}},"max_tokens":100,"temperature":{{temperature}},"seed":{{seed}},"tools":{{tools}}{{extra}}}""";

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Required_AnswerIsOneCall_WhoseArgumentsValidateAgainstItsTool(int seed)
    {
        using var http = Serve.CreateHttpClient();
        var choice = await ChoiceAsync(await ApiAssert.PostAsync(http, "/v1/chat/completions", Request(""","tool_choice":"required" """, seed)));

        Assert.Equal("tool_calls", choice.GetProperty("finish_reason").GetString());
        var message = choice.GetProperty("message");
        Assert.Equal(JsonValueKind.Null, message.GetProperty("content").ValueKind);
        var call = Assert.Single(message.GetProperty("tool_calls").EnumerateArray());
        Assert.StartsWith("call_", call.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("function", call.GetProperty("type").GetString());
        var name = call.GetProperty("function").GetProperty("name").GetString();
        AssertValid(name == "get_weather" ? WeatherSchema : name == "get_time" ? TimeSchema : throw new Xunit.Sdk.XunitException($"unknown function {name}"), call.GetProperty("function").GetProperty("arguments").GetString()!);
    }

    [Fact]
    public async Task NamedFunction_IsTheOneCalled()
    {
        using var http = Serve.CreateHttpClient();
        var choice = await ChoiceAsync(await ApiAssert.PostAsync(http, "/v1/chat/completions", Request(""","tool_choice":{"type":"function","function":{"name":"get_time"}}""")));

        var function = Assert.Single(choice.GetProperty("message").GetProperty("tool_calls").EnumerateArray()).GetProperty("function");
        Assert.Equal("get_time", function.GetProperty("name").GetString());
        AssertValid(TimeSchema, function.GetProperty("arguments").GetString()!);
    }

    [Fact]
    public async Task Streamed_DeltasAddUpToTheCall_AndNoMarkupIsContent()
    {
        using var http = Serve.CreateHttpClient();
        var response = await ApiAssert.PostAsync(http, "/v1/chat/completions", Request(""","stream":true,"tool_choice":{"type":"function","function":{"name":"get_weather"}}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var content = new StringBuilder();
        var arguments = new StringBuilder();
        string? id = null, name = null, finish = null;
        var deltas = 0;
        foreach (var line in (await response.Content.ReadAsStringAsync()).Split('\n').Where(l => l.StartsWith("data: {", StringComparison.Ordinal)))
        {
            using var chunk = JsonDocument.Parse(line["data: ".Length..]);
            foreach (var choice in chunk.RootElement.GetProperty("choices").EnumerateArray())
            {
                var delta = choice.GetProperty("delta");
                content.Append(delta.TryGetProperty("content", out var text) ? text.GetString() : null);
                foreach (var call in delta.TryGetProperty("tool_calls", out var calls) ? calls.EnumerateArray() : default)
                {
                    Assert.Equal(0, call.GetProperty("index").GetInt32());

                    // index, id, type and name in the call's first delta only; arguments fragments after it.
                    Assert.Equal(deltas == 0, call.TryGetProperty("id", out _));
                    Assert.Equal(deltas == 0, call.TryGetProperty("type", out _));
                    Assert.Equal(deltas++ == 0, call.GetProperty("function").TryGetProperty("name", out _));
                    id ??= call.TryGetProperty("id", out var i) ? i.GetString() : null;
                    var function = call.GetProperty("function");
                    name ??= function.TryGetProperty("name", out var n) ? n.GetString() : null;
                    arguments.Append(function.TryGetProperty("arguments", out var a) ? a.GetString() : null);
                }

                finish ??= choice.GetProperty("finish_reason").GetString();
            }
        }

        Assert.Equal(string.Empty, content.ToString());
        Assert.True(deltas > 2, $"{deltas} tool_calls deltas: the arguments stream in fragments");
        Assert.StartsWith("call_", id, StringComparison.Ordinal);
        Assert.Equal("get_weather", name);
        AssertValid(WeatherSchema, arguments.ToString());
        Assert.Equal("tool_calls", finish);
    }

    [Fact]
    public async Task Auto_OnARandomModel_IsPlainText()
    {
        using var http = Serve.CreateHttpClient();
        var choice = await ChoiceAsync(await ApiAssert.PostAsync(http, "/v1/chat/completions", Request(""","tool_choice":"auto","max_tokens":24""", temperature: 0)));

        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        Assert.False(choice.GetProperty("message").TryGetProperty("tool_calls", out _));
        Assert.False(string.IsNullOrEmpty(choice.GetProperty("message").GetProperty("content").GetString()));
        Assert.Contains("Tools you can call:", Prompt(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToolResult_IsSentToTheModel_WithTheCallItAnswers()
    {
        using var http = Serve.CreateHttpClient();
        const string messages = """
            [{"role":"user","content":"Hi"},
             {"role":"assistant","content":null,"tool_calls":[{"id":"call_9","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\",\"days\":2}"}}]},
             {"role":"tool","tool_call_id":"call_9","content":"Sunny-42"}]
            """;
        var choice = await ChoiceAsync(await ApiAssert.PostAsync(http, "/v1/chat/completions", Request(""","max_tokens":8""", messages: messages, tools: "[" + Weather + "]", temperature: 0)));

        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        var prompt = Prompt();
        Assert.Contains("{\"tool_calls\": [{\"name\": \"get_weather\", \"arguments\": {\"city\":\"Oslo\",\"days\":2}}]}", prompt, StringComparison.Ordinal);
        Assert.Contains("Result of tool call call_9 (get_weather): Sunny-42", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToolChoiceNone_LeavesTheToolsOutOfThePrompt()
    {
        using var http = Serve.CreateHttpClient();
        var choice = await ChoiceAsync(await ApiAssert.PostAsync(http, "/v1/chat/completions", Request(""","tool_choice":"none","max_tokens":4""", temperature: 0)));

        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        Assert.DoesNotContain("Tools you can call:", Prompt(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(""","tools":[{"type":"function","function":{"description":"no name"}}]""", "tools[0].function.name")]
    [InlineData(""","tools":[{"type":"function","function":{"name":"bad name!"}}]""", "tools[0].function.name")]
    [InlineData(""","tools":[{"type":"function","function":{"name":"f","parameters":{"type":"string"}}}]""", "tools[0].function.parameters")]
    [InlineData(""","tools":[{"type":"function","function":{"name":"f","parameters":[1]}}]""", "tools[0].function.parameters")]
    [InlineData(""","tools":[{"type":"retrieval"}]""", "tools[0].type")]
    [InlineData(""","tools":{"type":"function"}""", "tools")]
    [InlineData(""","tools":[{"type":"function","function":{"name":"f"}},{"type":"function","function":{"name":"f"}}]""", "tools[1].function.name")]
    [InlineData(""","tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":{"type":"function","function":{"name":"g"}}""", "tool_choice")]
    [InlineData(""","tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":"sometimes" """, "tool_choice")]
    [InlineData(""","tool_choice":"required" """, "tool_choice")]
    [InlineData(""","tools":[{"type":"function","function":{"name":"f"}}],"parallel_tool_calls":"yes" """, "parallel_tool_calls")]
    [InlineData(""","function_call":"auto" """, "function_call")]
    public async Task BadToolFields_Are400NamingTheParam(string extra, string param)
    {
        using var http = Serve.CreateHttpClient();
        var body = $$"""{"model":"stories","messages":[{"role":"user","content":"Hi"}],"max_tokens":4{{extra}}}""";
        var error = await ApiAssert.ErrorAsync(await ApiAssert.PostAsync(http, "/v1/chat/completions", body), HttpStatusCode.BadRequest, param: param);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task ToolSchemaTheGrammarCannotExpress_Is400NamingTheKeyword()
    {
        using var http = Serve.CreateHttpClient();
        var body = """{"model":"stories","messages":[{"role":"user","content":"Hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"n":{"type":"number","multipleOf":5}}}}}]}""";
        var error = await ApiAssert.ErrorAsync(await ApiAssert.PostAsync(http, "/v1/chat/completions", body), HttpStatusCode.BadRequest, "unsupported_schema", "tools[0].function.parameters");
        Assert.Contains("'multipleOf' at /properties/n", error.GetProperty("message").GetString()!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[{"role":"user","content":"Hi"},{"role":"tool","tool_call_id":"call_nope","content":"x"}]""", "messages[1].tool_call_id")]
    [InlineData("""[{"role":"user","content":"Hi"},{"role":"tool","content":"x"}]""", "messages[1].tool_call_id")]
    [InlineData("""[{"role":"user","content":"Hi","tool_call_id":"call_1"}]""", "messages[0].tool_call_id")]
    [InlineData("""[{"role":"user","content":"Hi","tool_calls":[]}]""", "messages[0].tool_calls")]
    [InlineData("""[{"role":"assistant","tool_calls":[{"type":"function","function":{"name":"f","arguments":"{}"}}]}]""", "messages[0].tool_calls[0].id")]
    [InlineData("""[{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"arguments":"{}"}}]}]""", "messages[0].tool_calls[0].function.name")]
    [InlineData("""[{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"[1,"}}]}]""", "messages[0].tool_calls[0].function.arguments")]
    [InlineData("""[{"role":"assistant","tool_calls":"x"}]""", "messages[0].tool_calls")]
    [InlineData("""[{"role":"assistant","content":"x","function_call":{"name":"f"}}]""", "messages[0].function_call")]
    public async Task BadToolMessages_Are400NamingTheParam(string messages, string param)
    {
        using var http = Serve.CreateHttpClient();
        var body = $$"""{"model":"stories","messages":{{messages}},"max_tokens":4}""";
        await ApiAssert.ErrorAsync(await ApiAssert.PostAsync(http, "/v1/chat/completions", body), HttpStatusCode.BadRequest, param: param);
    }

    internal static void AssertValid(string schema, string arguments)
    {
        using var parsed = JsonDocument.Parse(arguments);
        var result = JsonSchema.FromText(schema).Evaluate(parsed.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, $"{arguments} does not validate against {schema}");
    }

    private static async Task<JsonElement> ChoiceAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("choices")[0].Clone();
    }

    private string Prompt() => Serve.Services.GetRequiredService<IModelEngine>().Resident.Single(m => m.Id == "stories").LastPrompt!;
}
