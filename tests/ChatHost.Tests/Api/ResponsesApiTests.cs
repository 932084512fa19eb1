#pragma warning disable OPENAI001 // The Responses client is marked experimental in the SDK.
using System.Net;
using System.Text;
using System.Text.Json;
using Json.Schema;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using ModelScale.ChatHost.Engine;
using OpenAI.Responses;

namespace ModelScale.ChatHost.Tests.Api;

/// <summary>POST /v1/responses (OpenAI's Responses API) over a real Kestrel on the tests' own model: raw HTTP and the OpenAI .NET client through Microsoft.Extensions.AI.</summary>
[Collection(ServeCollection.Name)]
public sealed class ResponsesApiTests(ServeFixture fixture)
{
    private ServeInstance Serve => fixture.Instance;

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.Clone();
    }

    private static string Text(JsonElement response) => string.Concat(response.GetProperty("output").EnumerateArray()
        .Where(i => i.GetProperty("type").GetString() == "message")
        .SelectMany(i => i.GetProperty("content").EnumerateArray())
        .Select(c => c.GetProperty("text").GetString()));

    [Fact]
    public async Task AStringInput_IsAnsweredWithAResponseObject()
    {
        using var http = Serve.CreateHttpClient();

        using var response = await ApiAssert.PostAsync(http, "/v1/responses", """{"model":"stories","input":"Once upon a time","max_output_tokens":8,"temperature":0,"top_p":0.5}""");

        var root = await OkAsync(response);
        Assert.True(response.Headers.Contains(ChatHost.Api.ChatCompletionsEndpoint.SeedHeader));
        Assert.StartsWith("resp_", root.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("response", root.GetProperty("object").GetString());
        Assert.Equal("stories", root.GetProperty("model").GetString());
        var status = root.GetProperty("status").GetString();
        Assert.Contains(status, new[] { "completed", "incomplete" });
        if (status == "incomplete")
        {
            Assert.Equal("max_output_tokens", root.GetProperty("incomplete_details").GetProperty("reason").GetString());
        }

        var message = Assert.Single(root.GetProperty("output").EnumerateArray());
        Assert.Equal("message", message.GetProperty("type").GetString());
        Assert.Equal("assistant", message.GetProperty("role").GetString());
        Assert.StartsWith("msg_", message.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("output_text", message.GetProperty("content")[0].GetProperty("type").GetString());
        Assert.NotEmpty(Text(root));
        var usage = root.GetProperty("usage");
        Assert.InRange(usage.GetProperty("output_tokens").GetInt32(), 1, 8);
        Assert.True(usage.GetProperty("input_tokens").GetInt32() > 0);
        Assert.Equal(usage.GetProperty("input_tokens").GetInt32() + usage.GetProperty("output_tokens").GetInt32(), usage.GetProperty("total_tokens").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("previous_response_id").ValueKind);
        Assert.Equal(0f, root.GetProperty("temperature").GetSingle());
        Assert.Equal(0.5f, root.GetProperty("top_p").GetSingle());
    }

    [Fact]
    public async Task Streamed_SendsTheResponsesEvents_InOrder_WithSequenceNumbers()
    {
        using var http = Serve.CreateHttpClient();

        using var response = await ApiAssert.PostAsync(http, "/v1/responses", """{"model":"stories","input":"Once upon a time","max_output_tokens":6,"temperature":0,"stream":true}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = Events(await response.Content.ReadAsStringAsync());
        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => e.Data.GetProperty("sequence_number").GetInt32()));
        Assert.All(events, e => Assert.Equal(e.Name, e.Data.GetProperty("type").GetString()));
        var names = events.Select(e => e.Name).ToList();
        Assert.Equal(["response.created", "response.in_progress", "response.output_item.added", "response.content_part.added"], names.Take(4));
        Assert.Equal(["response.output_text.done", "response.content_part.done", "response.output_item.done"], names.SkipLast(1).TakeLast(3));
        Assert.Contains(names[^1], new[] { "response.completed", "response.incomplete" });
        Assert.All(names.Skip(4).SkipLast(4), n => Assert.Equal("response.output_text.delta", n));

        var deltas = string.Concat(events.Where(e => e.Name == "response.output_text.delta").Select(e => e.Data.GetProperty("delta").GetString()));
        Assert.NotEmpty(deltas);
        Assert.Equal(deltas, events.Single(e => e.Name == "response.output_text.done").Data.GetProperty("text").GetString());
        var final = events[^1].Data.GetProperty("response");
        Assert.Equal(deltas, Text(final));
        Assert.Equal(events[0].Data.GetProperty("response").GetProperty("id").GetString(), final.GetProperty("id").GetString());
        Assert.Equal("in_progress", events[0].Data.GetProperty("response").GetProperty("status").GetString());
        Assert.Equal(final.GetProperty("output")[0].GetProperty("id").GetString(), events[2].Data.GetProperty("item").GetProperty("id").GetString());
    }

    [Fact]
    public async Task PreviousResponseId_ContinuesTheStoredConversation_AsIfItWereSentAgain()
    {
        using var http = Serve.CreateHttpClient();
        var first = await OkAsync(await ApiAssert.PostAsync(http, "/v1/responses", """{"model":"stories","input":"Once upon a time","max_output_tokens":5,"seed":5,"instructions":"Tell a story."}"""));
        var firstId = first.GetProperty("id").GetString();

        var followUp = await OkAsync(await ApiAssert.PostAsync(http, "/v1/responses", $$"""{"model":"stories","previous_response_id":"{{firstId}}","input":"And then?","max_output_tokens":5,"temperature":0}"""));
        var spelledOut = await OkAsync(await ApiAssert.PostAsync(http, "/v1/responses", $$"""
            {"model":"stories","max_output_tokens":5,"temperature":0,"input":[
              {"role":"user","content":"Once upon a time"},
              {"type":"message","role":"assistant","content":[{"type":"output_text","text":{{JsonSerializer.Serialize(Text(first))}}}]},
              {"role":"user","content":[{"type":"input_text","text":"And then?"}]}]}
            """));

        // The instructions belong to the first response only, as OpenAI's do: the follow-up is the spelled-out conversation.
        Assert.Equal(firstId, followUp.GetProperty("previous_response_id").GetString());
        Assert.Equal(spelledOut.GetProperty("usage").GetProperty("input_tokens").GetInt32(), followUp.GetProperty("usage").GetProperty("input_tokens").GetInt32());
        Assert.Equal(Text(spelledOut), Text(followUp));
        Assert.True(followUp.GetProperty("usage").GetProperty("input_tokens").GetInt32() > first.GetProperty("usage").GetProperty("input_tokens").GetInt32());
    }

    [Fact]
    public async Task AStoredResponse_CanBeRead_ReferencedByItem_AndDeleted()
    {
        using var http = Serve.CreateHttpClient();
        var first = await OkAsync(await ApiAssert.PostAsync(http, "/v1/responses", """{"model":"stories","input":"Once upon a time","max_output_tokens":4}"""));
        var id = first.GetProperty("id").GetString();
        var messageId = first.GetProperty("output")[0].GetProperty("id").GetString();

        var read = await OkAsync(await http.GetAsync(new Uri($"/v1/responses/{id}", UriKind.Relative)));
        Assert.Equal(Text(first), Text(read));
        Assert.True(read.GetProperty("store").GetBoolean());

        var referenced = await OkAsync(await ApiAssert.PostAsync(http, "/v1/responses", $$"""
            {"model":"stories","max_output_tokens":4,"temperature":0,"input":[{"role":"user","content":"Once upon a time"},{"type":"item_reference","id":"{{messageId}}"},{"role":"user","content":"Go on."}]}
            """));
        var spelledOut = await OkAsync(await ApiAssert.PostAsync(http, "/v1/responses", $$"""
            {"model":"stories","max_output_tokens":4,"temperature":0,"input":[{"role":"user","content":"Once upon a time"},{"role":"assistant","content":{{JsonSerializer.Serialize(Text(first))}}},{"role":"user","content":"Go on."}]}
            """));
        Assert.Equal(spelledOut.GetProperty("usage").GetProperty("input_tokens").GetInt32(), referenced.GetProperty("usage").GetProperty("input_tokens").GetInt32());
        Assert.Equal(Text(spelledOut), Text(referenced));

        using var deleted = await http.DeleteAsync(new Uri($"/v1/responses/{id}", UriKind.Relative));
        Assert.True((await OkAsync(deleted)).GetProperty("deleted").GetBoolean());
        await ApiAssert.ErrorAsync(await http.GetAsync(new Uri($"/v1/responses/{id}", UriKind.Relative)), HttpStatusCode.NotFound, "response_not_found");
        await ApiAssert.ErrorAsync(
            await ApiAssert.PostAsync(http, "/v1/responses", $$"""{"model":"stories","previous_response_id":"{{id}}","input":"Go on."}"""),
            HttpStatusCode.NotFound,
            "previous_response_not_found",
            "previous_response_id");
    }

    [Fact]
    public async Task StoreFalse_KeepsNothing()
    {
        using var http = Serve.CreateHttpClient();
        var response = await OkAsync(await ApiAssert.PostAsync(http, "/v1/responses", """{"model":"stories","input":"Once upon a time","max_output_tokens":3,"store":false}"""));

        Assert.False(response.GetProperty("store").GetBoolean());
        await ApiAssert.ErrorAsync(await http.GetAsync(new Uri($"/v1/responses/{response.GetProperty("id").GetString()}", UriKind.Relative)), HttpStatusCode.NotFound);
        await ApiAssert.ErrorAsync(
            await ApiAssert.PostAsync(http, "/v1/responses", $$$"""{"model":"stories","input":[{"type":"item_reference","id":"{{{response.GetProperty("output")[0].GetProperty("id").GetString()}}}"}]}"""),
            HttpStatusCode.NotFound,
            "item_not_found");
    }

    [Fact]
    public async Task TextFormatJsonSchema_AnswerValidates()
    {
        using var http = Serve.CreateHttpClient();
        // No free-text string: on the byte-level vocabulary a random model can write bytes that are not UTF-8, which
        // decode to more characters than a maxLength counts.
        const string schema = """{"type":"object","properties":{"happy":{"type":"boolean"},"age":{"type":"integer","minimum":0,"maximum":120},"pet":{"enum":["cat","dog"]}},"required":["happy","age","pet"],"additionalProperties":false}""";

        var response = await OkAsync(await ApiAssert.PostAsync(
            http,
            "/v1/responses",
            """{"model":"stories","input":"Describe a person.","max_output_tokens":200,"seed":3,"text":{"format":{"type":"json_schema","name":"person","strict":true,"schema":""" + schema + "}}}"));

        Assert.Equal("completed", response.GetProperty("status").GetString());
        Assert.Equal("json_schema", response.GetProperty("text").GetProperty("format").GetProperty("type").GetString());
        using var answer = JsonDocument.Parse(Text(response));
        Assert.True(JsonSchema.FromText(schema).Evaluate(answer.RootElement).IsValid, Text(response));
    }

    private const string WeatherTool = """{"type":"function","name":"get_weather","parameters":""" + ToolCallingApiTests.WeatherSchema + ""","strict":true}""";

    [Fact]
    public async Task ANamedFunction_IsAFunctionCallItem_WhoseArgumentsValidate()
    {
        using var http = Serve.CreateHttpClient();

        var response = await OkAsync(await ApiAssert.PostAsync(http, "/v1/responses", $$"""
            {"model":"stories","input":"Weather?","max_output_tokens":100,"seed":2,"tools":[{{WeatherTool}}],"tool_choice":{"type":"function","name":"get_weather"}
            }
            """));

        Assert.Equal("completed", response.GetProperty("status").GetString());
        var call = Assert.Single(response.GetProperty("output").EnumerateArray());
        Assert.Equal("function_call", call.GetProperty("type").GetString());
        Assert.Equal("get_weather", call.GetProperty("name").GetString());
        Assert.StartsWith("fc_", call.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(call.GetProperty("call_id").GetString()));
        ToolCallingApiTests.AssertValid(ToolCallingApiTests.WeatherSchema, call.GetProperty("arguments").GetString()!);
        Assert.Equal("get_weather", response.GetProperty("tools")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task ARequiredCall_Streams_AsFunctionCallEvents()
    {
        using var http = Serve.CreateHttpClient();

        using var response = await ApiAssert.PostAsync(http, "/v1/responses", $$"""
            {"model":"stories","input":"Weather?","max_output_tokens":100,"seed":3,"stream":true,"tools":[{{WeatherTool}}],"tool_choice":"required"}
            """);

        var events = Events(await response.Content.ReadAsStringAsync());
        const string Delta = "response.function_call_arguments.delta";
        var deltas = events.Where(e => e.Name == Delta).ToList();
        Assert.Equal(
            ["response.created", "response.in_progress", "response.output_item.added", .. deltas.Select(_ => Delta), "response.function_call_arguments.done", "response.output_item.done", "response.completed"],
            events.Select(e => e.Name));
        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => e.Data.GetProperty("sequence_number").GetInt32()));

        // The arguments stream as the model writes them: several deltas, which add up to the arguments of the done event.
        Assert.True(deltas.Count > 1, $"{deltas.Count} delta");
        var done = events[^3];
        var arguments = done.Data.GetProperty("arguments").GetString()!;
        Assert.Equal(string.Concat(deltas.Select(d => d.Data.GetProperty("delta").GetString())), arguments);
        ToolCallingApiTests.AssertValid(ToolCallingApiTests.WeatherSchema, arguments);
        var item = events[^2].Data.GetProperty("item");
        Assert.Equal(("function_call", "completed", arguments), (item.GetProperty("type").GetString(), item.GetProperty("status").GetString(), item.GetProperty("arguments").GetString()));
        Assert.Equal(item.GetProperty("id").GetString(), events[^1].Data.GetProperty("response").GetProperty("output")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task AFunctionCallOutput_AfterPreviousResponseId_ReachesTheModel_WithTheCallItAnswers()
    {
        using var http = Serve.CreateHttpClient();
        var first = await OkAsync(await ApiAssert.PostAsync(http, "/v1/responses", $$"""
            {"model":"stories","input":"Weather?","max_output_tokens":100,"seed":4,"tools":[{{WeatherTool}}],"tool_choice":"required"}
            """));
        var call = first.GetProperty("output")[0];
        var callId = call.GetProperty("call_id").GetString();

        var answer = await OkAsync(await ApiAssert.PostAsync(http, "/v1/responses", $$"""
            {"model":"stories","previous_response_id":"{{first.GetProperty("id").GetString()}}","max_output_tokens":4,"temperature":0,"tools":[{{WeatherTool}}],
             "input":[{"type":"function_call_output","call_id":"{{callId}}","output":"Sunny-42"}]
            }
            """));

        Assert.Equal("message", answer.GetProperty("output")[0].GetProperty("type").GetString());
        var prompt = Serve.Services.GetRequiredService<IModelEngine>().Resident.Single(m => m.Id == "stories").LastPrompt!;
        Assert.Contains($"Result of tool call {callId} (get_weather): Sunny-42", prompt, StringComparison.Ordinal);
        Assert.Contains(call.GetProperty("arguments").GetString()!, prompt, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"model":"stories"}""", "input")]
    [InlineData("""{"model":"stories","input":42}""", "input")]
    [InlineData("""{"input":"hi"}""", "model")]
    [InlineData("""{"model":"stories","input":"hi","reasoning":{"effort":"high"}}""", "reasoning")]
    [InlineData("""{"model":"stories","input":"hi","include":["message.output_text.logprobs"]}""", "include")]
    [InlineData("""{"model":"stories","input":"hi","background":true}""", "background")]
    [InlineData("""{"model":"stories","input":"hi","truncation":"auto"}""", "truncation")]
    [InlineData("""{"model":"stories","input":"hi","conversation":"conv_1"}""", "conversation")]
    [InlineData("""{"model":"stories","input":"hi","frobnicate":1}""", "frobnicate")]
    [InlineData("""{"model":"stories","input":"hi","max_output_tokens":0}""", "max_output_tokens")]
    [InlineData("""{"model":"stories","input":"hi","temperature":3}""", "temperature")]
    [InlineData("""{"model":"stories","input":"hi","top_p":1.5}""", "top_p")]
    [InlineData("""{"model":"stories","input":"hi","tools":[{"type":"web_search"}]}""", "tools[0].type")]
    [InlineData("""{"model":"stories","input":"hi","tools":[{"type":"function","name":"bad name!"}]}""", "tools[0].name")]
    [InlineData("""{"model":"stories","input":"hi","tools":[{"type":"function","name":"f"}],"tool_choice":{"type":"function","name":"g"}}""", "tool_choice.name")]
    [InlineData("""{"model":"stories","input":"hi","tools":[{"type":"function","name":"f","parameters":{"type":"object","properties":{"n":{"type":"integer","multipleOf":3}}}}]}""", "tools[0].parameters")]
    [InlineData("""{"model":"stories","input":"hi","tools":[{"type":"function","name":"f","parameters":{"type":"string"}}]}""", "tools[0].parameters")]
    [InlineData("""{"model":"stories","input":"hi","tool_choice":"required"}""", "tool_choice")]
    [InlineData("""{"model":"stories","input":"hi","tools":[{"type":"function","name":"f"}],"tool_choice":{"type":"file_search"}}""", "tool_choice")]
    [InlineData("""{"model":"stories","input":"hi","text":{"format":{"type":"grammar"}}}""", "text.format.type")]
    [InlineData("""{"model":"stories","input":"hi","text":{"format":{"type":"json_schema","name":"x"}}}""", "text.format.schema")]
    [InlineData("""{"model":"stories","input":"hi","text":{"verbosity":"low"}}""", "text.verbosity")]
    [InlineData("""{"model":"stories","input":[{"role":"tool","content":"x"}]}""", "input[0].role")]
    [InlineData("""{"model":"stories","input":[{"role":"user","content":[{"type":"input_image","image_url":"http://x"}]}]}""", "input[0].content[0].type")]
    [InlineData("""{"model":"stories","input":[{"type":"reasoning","summary":[]}]}""", "input[0].type")]
    [InlineData("""{"model":"stories","input":[{"type":"function_call","call_id":"c","name":"f","arguments":"{oops"}]}""", "input[0].arguments")]
    [InlineData("""{"model":"stories","input":[{"type":"function_call_output","output":"x"}]}""", "input[0].call_id")]
    public async Task WhatCannotBeHonoured_IsRefusedByName(string body, string param)
    {
        using var http = Serve.CreateHttpClient();

        var error = await ApiAssert.ErrorAsync(await ApiAssert.PostAsync(http, "/v1/responses", body), HttpStatusCode.BadRequest, param: param);

        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task TheOpenAiResponsesClient_ThroughMicrosoftExtensionsAi_Answers()
    {
        // Non-streaming only: Microsoft.Extensions.AI.OpenAI 10.11 is built against OpenAI 2.14, and its streaming
        // Responses call is a missing method with the OpenAI 2.15 this repository pins; the SDK's own streaming client
        // is tested below.
        var client = OpenAiResponsesClient().AsIChatClient("stories");

        var answer = await client.GetResponseAsync("Once upon a time", new ChatOptions { MaxOutputTokens = 6, Temperature = 0, Instructions = "Tell a story." });

        Assert.NotEmpty(answer.Text);
        Assert.StartsWith("resp_", answer.ResponseId, StringComparison.Ordinal);
        Assert.True(answer.Usage?.OutputTokenCount is > 0 and <= 6);
    }

    [Fact]
    public async Task TheOpenAiResponsesClient_Streams_TextDeltasThatMakeTheCompletedAnswer()
    {
        var client = OpenAiResponsesClient();
        CreateResponseOptions Story(bool stream) =>
            new("stories", [ResponseItem.CreateUserMessageItem("Once upon a time")]) { MaxOutputTokenCount = 24, Temperature = 0, StreamingEnabled = stream };

        var deltas = new List<string>();
        ResponseResult? completed = null;
        await foreach (var update in await client.CreateResponseStreamingAsync(Story(stream: true)))
        {
            switch (update)
            {
                case StreamingResponseOutputTextDeltaUpdate delta:
                    deltas.Add(delta.Delta);
                    break;
                case StreamingResponseCompletedUpdate done:
                    completed = done.Response;
                    break;
                case StreamingResponseIncompleteUpdate incomplete:
                    completed = incomplete.Response;
                    break;
            }
        }

        Assert.NotNull(completed);
        Assert.True(deltas.Count > 1, $"{deltas.Count} delta");
        Assert.Equal(completed.GetOutputText(), string.Concat(deltas));
        Assert.True(completed.Usage.OutputTokenCount is > 0 and <= 24);
        var whole = await client.CreateResponseAsync(Story(stream: false));
        Assert.Equal(whole.Value.GetOutputText(), completed.GetOutputText());
    }

    [Fact]
    public async Task TheOpenAiResponsesClient_Streams_ARequiredCall_WhoseArgumentDeltasMakeArgumentsThatValidate()
    {
        var client = OpenAiResponsesClient();
        var options = new CreateResponseOptions("stories", [ResponseItem.CreateUserMessageItem("Weather?")])
        {
            MaxOutputTokenCount = 100,
            StreamingEnabled = true,
            Tools = { ResponseTool.CreateFunctionTool("get_weather", BinaryData.FromString(ToolCallingApiTests.WeatherSchema), strictModeEnabled: true) },
            ToolChoice = ResponseToolChoice.CreateRequiredChoice(),
        };

        var deltas = new StringBuilder();
        StreamingResponseFunctionCallArgumentsDoneUpdate? done = null;
        ResponseResult? completed = null;
        await foreach (var update in await client.CreateResponseStreamingAsync(options))
        {
            switch (update)
            {
                case StreamingResponseFunctionCallArgumentsDeltaUpdate delta:
                    deltas.Append(delta.Delta.ToString());
                    break;
                case StreamingResponseFunctionCallArgumentsDoneUpdate argumentsDone:
                    done = argumentsDone;
                    break;
                case StreamingResponseCompletedUpdate responseDone:
                    completed = responseDone.Response;
                    break;
            }
        }

        Assert.NotNull(done);
        Assert.NotNull(completed);
        var call = Assert.IsType<FunctionCallResponseItem>(Assert.Single(completed.OutputItems));
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal(call.FunctionArguments.ToString(), deltas.ToString());
        Assert.Equal(call.FunctionArguments.ToString(), done.FunctionArguments.ToString());
        ToolCallingApiTests.AssertValid(ToolCallingApiTests.WeatherSchema, call.FunctionArguments.ToString());
    }

    /// <summary>The OpenAI .NET SDK's own Responses client on this server (not through Microsoft.Extensions.AI).</summary>
    private ResponsesClient OpenAiResponsesClient() =>
        new(new System.ClientModel.ApiKeyCredential("no-key"), new ResponsesClientOptions { Endpoint = new Uri(Serve.BaseUrl, "/v1") });

    private static List<(string Name, JsonElement Data)> Events(string body)
    {
        var events = new List<(string, JsonElement)>();
        foreach (var block in body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Split('\n');
            var name = lines.Single(l => l.StartsWith("event: ", StringComparison.Ordinal))["event: ".Length..];
            using var data = JsonDocument.Parse(lines.Single(l => l.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..]);
            events.Add((name, data.RootElement.Clone()));
        }

        return events;
    }
}
