using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Api;
using ModelScale.ChatHost.Contracts;

namespace ModelScale.ChatHost.Tests.Api;

/// <summary>How the engine's updates (text and M.E.AI function calls) become Responses output items and stream events.</summary>
public sealed class ResponsesOutputTests
{
    private readonly List<object> _events = [];

    private ResponsesOutput Output() => new(e =>
    {
        _events.Add(e);
        return Task.CompletedTask;
    });

    private List<string> Types() => _events.Select(e => (string)e.GetType().GetProperty("Type")!.GetValue(e)!).ToList();

    private List<int> Sequence() => _events.Select(e => (int)e.GetType().GetProperty("SequenceNumber")!.GetValue(e)!).ToList();

    [Fact]
    public async Task TextThenTwoCalls_AreAMessageAndTwoFunctionCallItems_WithTheirEvents()
    {
        var output = Output();
        output.Next();
        output.Next();

        await output.AddAsync(new ChatResponseUpdate(ChatRole.Assistant, "Let me "));
        await output.AddAsync(new ChatResponseUpdate(ChatRole.Assistant, "check."));
        await output.AddAsync(new ChatResponseUpdate(ChatRole.Assistant, [new FunctionCallContent("call_a", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" })]));
        await output.AddAsync(new ChatResponseUpdate(ChatRole.Assistant, [new FunctionCallContent("call_b", "get_time", null)]));
        await output.FinishAsync(incomplete: false);

        Assert.Equal(
            [
                "response.output_item.added", "response.content_part.added", "response.output_text.delta", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.output_item.added", "response.function_call_arguments.delta", "response.function_call_arguments.done", "response.output_item.done",
                "response.output_item.added", "response.function_call_arguments.delta", "response.function_call_arguments.done", "response.output_item.done",
            ],
            Types());
        Assert.Equal(Enumerable.Range(2, _events.Count), Sequence());

        var items = output.Items;
        var message = Assert.IsType<ResponseMessageItem>(items[0]);
        Assert.Equal(("completed", "Let me check."), (message.Status, Assert.Single(message.Content).Text));
        var weather = Assert.IsType<ResponseFunctionCallItem>(items[1]);
        Assert.Equal(("completed", "call_a", "get_weather", """{"city":"Paris"}"""), (weather.Status, weather.CallId, weather.Name, weather.Arguments));
        var time = Assert.IsType<ResponseFunctionCallItem>(items[2]);
        Assert.Equal(("get_time", "{}"), (time.Name, time.Arguments));
        Assert.NotEqual(weather.Id, time.Id);

        var done = Assert.IsType<ResponseArgumentsDoneEvent>(_events[9]);
        Assert.Equal((weather.Id, 1, "get_weather", """{"city":"Paris"}"""), (done.ItemId, done.OutputIndex, done.Name, done.Arguments));
        var added = Assert.IsType<ResponseOutputItemEvent>(_events[7]);
        Assert.Equal("in_progress", added.Item.Status);
    }

    [Fact]
    public async Task ACutAnswer_LeavesTheMessageIncomplete()
    {
        var output = Output();

        await output.AddAsync(new ChatResponseUpdate(ChatRole.Assistant, "Once upon"));
        await output.FinishAsync(incomplete: true);

        Assert.Equal("incomplete", Assert.Single(output.Items).Status);
    }

    [Fact]
    public async Task NoText_NoMessageItem()
    {
        var output = Output();

        await output.AddAsync(new ChatResponseUpdate(ChatRole.Assistant, [new FunctionCallContent("", "f", null)]));
        await output.FinishAsync(incomplete: false);

        var call = Assert.IsType<ResponseFunctionCallItem>(Assert.Single(output.Items));
        Assert.StartsWith("call_", call.CallId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEmptyAnswer_IsOneEmptyMessage()
    {
        var output = Output();

        await output.AddAsync(new ChatResponseUpdate(ChatRole.Assistant, string.Empty));
        await output.FinishAsync(incomplete: false);

        var message = Assert.IsType<ResponseMessageItem>(Assert.Single(output.Items));
        Assert.Equal(("completed", string.Empty), (message.Status, Assert.Single(message.Content).Text));
        Assert.Equal(
            ["response.output_item.added", "response.content_part.added", "response.output_text.done", "response.content_part.done", "response.output_item.done"],
            Types());
    }

    [Fact]
    public void AnOutputItem_IsWrittenWithItsType_AndReadBackAsAConversationItem()
    {
        ResponseOutputItem call = new ResponseFunctionCallItem("fc_1", "completed", "call_1", "f", """{"x":1}""");

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(call, OpenAiJson.Options));

        Assert.Equal("function_call", json.RootElement.GetProperty("type").GetString());
        Assert.Equal("call_1", json.RootElement.GetProperty("call_id").GetString());
        Assert.Equal("""{"type":"function_call","id":"fc_1","call_id":"call_1","name":"f","arguments":"{\u0022x\u0022:1}"}""", ResponsesItems.FromOutput(call).ToJsonString());
    }
}
