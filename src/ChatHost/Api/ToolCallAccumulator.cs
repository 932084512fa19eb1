using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Contracts;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Engine.Tools;

namespace ModelScale.ChatHost.Api;

/// <summary>
/// The tool calls of one chat completion answer, gathered from the engine's updates: the whole list for a
/// non-streamed answer, and the streamed deltas (one naming each call, one carrying its arguments), numbered by index.
/// </summary>
public sealed class ToolCallAccumulator
{
    private readonly List<ChatCompletionToolCall> _calls = [];

    public IReadOnlyList<ChatCompletionToolCall>? Calls => _calls.Count > 0 ? _calls : null;

    /// <summary>The deltas of the calls in one update (none when it has none), after which they count as sent.</summary>
    public IReadOnlyList<ChatCompletionToolCallDelta> Add(ChatResponseUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        List<ChatCompletionToolCallDelta>? deltas = null;
        foreach (var call in update.Contents.OfType<FunctionCallContent>())
        {
            var index = _calls.Count;
            var id = string.IsNullOrEmpty(call.CallId) ? ToolJson.NewCallId() : call.CallId;
            var arguments = ToolJson.Arguments(call);
            _calls.Add(new ChatCompletionToolCall(id, new ChatCompletionFunctionCall(call.Name, arguments)));
            deltas ??= [];
            deltas.Add(new ChatCompletionToolCallDelta(index, id, "function", new ChatCompletionFunctionCallDelta(call.Name, string.Empty)));
            deltas.Add(new ChatCompletionToolCallDelta(index, Function: new ChatCompletionFunctionCallDelta(Arguments: arguments)));
        }

        return deltas ?? (IReadOnlyList<ChatCompletionToolCallDelta>)[];
    }

    /// <summary>The finish reason to send: tool_calls when the answer called tools and was not cut short.</summary>
    public string FinishReason(string? engine) =>
        _calls.Count > 0 && engine is null or FinishReasons.Stop ? FinishReasons.ToolCalls : engine ?? FinishReasons.Stop;
}
