using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Contracts;
using ModelScale.ChatHost.Engine.Tools;

namespace ModelScale.ChatHost.Api;

/// <summary>
/// Builds a response's output items from the engine's updates: text goes into one assistant message item, each
/// <see cref="FunctionCallContent"/> becomes a function_call item. A call the engine streams while the model writes it
/// (<see cref="FunctionCallDeltaContent"/>) opens its item at its first piece and sends each arguments fragment as a
/// response.function_call_arguments.delta event; its <see cref="FunctionCallContent"/> then closes it. Every step is
/// also told to <paramref name="emit"/> as the Responses stream event it is (a response that does not stream passes a
/// sink that drops them), each with the next sequence number.
/// </summary>
public sealed class ResponsesOutput(Func<object, Task> emit)
{
    private readonly List<ResponseOutputItem> _items = [];
    private readonly StringBuilder _text = new();
    private readonly Dictionary<string, (string ItemId, int Index, StringBuilder Sent)> _streaming = new(StringComparer.Ordinal);
    private string? _messageId;
    private int _messageIndex;

    public int SequenceNumber { get; private set; }

    public IReadOnlyList<ResponseOutputItem> Items => _items;

    /// <summary>The next sequence number, for an event written from outside (created, completed, error).</summary>
    public int Next() => SequenceNumber++;

    public async Task AddAsync(ChatResponseUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        foreach (var content in update.Contents)
        {
            switch (content)
            {
                case TextContent { Text.Length: > 0 } text:
                    await TextAsync(text.Text);
                    break;
                case FunctionCallDeltaContent { Name: { } name } first:
                    await OpenCallAsync(first.CallId, name, first.Arguments);
                    break;
                case FunctionCallDeltaContent piece when _streaming.TryGetValue(piece.CallId, out var open) && piece.Arguments.Length > 0:
                    open.Sent.Append(piece.Arguments);
                    await emit(new ResponseArgumentsDeltaEvent("response.function_call_arguments.delta", Next(), open.ItemId, open.Index, piece.Arguments));
                    break;
                case FunctionCallContent call when !string.IsNullOrEmpty(call.CallId) && _streaming.Remove(call.CallId, out var streamed):
                    await CloseCallAsync(call, streamed.ItemId, streamed.Index, streamed.Sent.ToString());
                    break;
                case FunctionCallContent call:
                    await CallAsync(call);
                    break;
            }
        }
    }

    /// <summary>
    /// Closes the open message: "incomplete" when the answer was cut by the token limit. An answer with neither text
    /// nor a call (the model ended at once) is one empty message, so that a client always finds the assistant's turn.
    /// </summary>
    public async Task FinishAsync(bool incomplete)
    {
        if (_items.Count == 0)
        {
            await OpenMessageAsync();
        }

        await CloseMessageAsync(incomplete ? "incomplete" : "completed");
    }

    private async Task TextAsync(string piece)
    {
        var id = _messageId ?? await OpenMessageAsync();
        _text.Append(piece);
        await emit(new ResponseTextDeltaEvent("response.output_text.delta", Next(), id, _messageIndex, 0, piece));
    }

    private async Task<string> OpenMessageAsync()
    {
        var id = _messageId = $"msg_{Guid.NewGuid():N}";
        _messageIndex = _items.Count;
        _items.Add(new ResponseMessageItem(id, "in_progress", []));
        await emit(new ResponseOutputItemEvent("response.output_item.added", Next(), _messageIndex, _items[_messageIndex]));
        await emit(new ResponseContentPartEvent("response.content_part.added", Next(), id, _messageIndex, 0, new ResponseOutputText(string.Empty)));
        return id;
    }

    private async Task CallAsync(FunctionCallContent call)
    {
        await CloseMessageAsync("completed");
        var id = $"fc_{Guid.NewGuid():N}";
        var callId = string.IsNullOrEmpty(call.CallId) ? $"call_{Guid.NewGuid():N}" : call.CallId;
        var arguments = JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>(), OpenAiJson.Options);
        var index = _items.Count;
        _items.Add(new ResponseFunctionCallItem(id, "in_progress", callId, call.Name, string.Empty));
        await emit(new ResponseOutputItemEvent("response.output_item.added", Next(), index, _items[index]));
        await emit(new ResponseArgumentsDeltaEvent("response.function_call_arguments.delta", Next(), id, index, arguments));
        await emit(new ResponseArgumentsDoneEvent("response.function_call_arguments.done", Next(), id, index, call.Name, arguments));
        _items[index] = new ResponseFunctionCallItem(id, "completed", callId, call.Name, arguments);
        await emit(new ResponseOutputItemEvent("response.output_item.done", Next(), index, _items[index]));
    }

    private async Task OpenCallAsync(string callId, string name, string arguments)
    {
        await CloseMessageAsync("completed");
        var id = $"fc_{Guid.NewGuid():N}";
        var index = _items.Count;
        _items.Add(new ResponseFunctionCallItem(id, "in_progress", callId, name, string.Empty));
        _streaming[callId] = (id, index, new StringBuilder());
        await emit(new ResponseOutputItemEvent("response.output_item.added", Next(), index, _items[index]));
        if (arguments.Length > 0)
        {
            _streaming[callId].Sent.Append(arguments);
            await emit(new ResponseArgumentsDeltaEvent("response.function_call_arguments.delta", Next(), id, index, arguments));
        }
    }

    private async Task CloseCallAsync(FunctionCallContent call, string id, int index, string sent)
    {
        // The arguments as the model wrote them, of which the fragments sent are the start.
        var arguments = ToolJson.Arguments(call);
        if (arguments.Length > sent.Length && arguments.StartsWith(sent, StringComparison.Ordinal))
        {
            await emit(new ResponseArgumentsDeltaEvent("response.function_call_arguments.delta", Next(), id, index, arguments[sent.Length..]));
        }

        await emit(new ResponseArgumentsDoneEvent("response.function_call_arguments.done", Next(), id, index, call.Name, arguments));
        // A call cut short by the token limit, or whose arguments stopped being JSON, has arguments that are not a JSON object: its item is incomplete.
        _items[index] = new ResponseFunctionCallItem(id, ToolJson.IsWhole(call) ? "completed" : "incomplete", call.CallId, call.Name, arguments);
        await emit(new ResponseOutputItemEvent("response.output_item.done", Next(), index, _items[index]));
    }

    private async Task CloseMessageAsync(string status)
    {
        if (_messageId is not { } id)
        {
            return;
        }

        var text = _text.ToString();
        var part = new ResponseOutputText(text);
        await emit(new ResponseTextDoneEvent("response.output_text.done", Next(), id, _messageIndex, 0, text));
        await emit(new ResponseContentPartEvent("response.content_part.done", Next(), id, _messageIndex, 0, part));
        _items[_messageIndex] = new ResponseMessageItem(id, status, [part]);
        await emit(new ResponseOutputItemEvent("response.output_item.done", Next(), _messageIndex, _items[_messageIndex]));
        _messageId = null;
        _text.Clear();
    }
}
