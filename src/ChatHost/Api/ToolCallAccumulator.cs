using System.Text;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Contracts;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Engine.Tools;

namespace ModelScale.ChatHost.Api;

/// <summary>
/// The tool calls of one chat completion answer, gathered from the engine's updates: the whole list for a
/// non-streamed answer, and the streamed deltas, numbered by index as OpenAI numbers them. A call the engine streams
/// while the model writes it (<see cref="FunctionCallDeltaContent"/>) goes out as it comes: a delta with index, id,
/// type and name, then one per arguments fragment; a call that arrives whole (a remote tier's) goes out as the delta
/// that names it and the one that carries its arguments.
/// </summary>
public sealed class ToolCallAccumulator
{
    private readonly List<ChatCompletionToolCall> _calls = [];
    private readonly Dictionary<string, (int Index, StringBuilder Sent)> _streaming = new(StringComparer.Ordinal);
    private int _announced;
    private int _unfinished;

    public IReadOnlyList<ChatCompletionToolCall>? Calls => _calls.Count > 0 ? _calls : null;

    /// <summary>The deltas of the calls in one update (none when it has none), after which they count as sent.</summary>
    public IReadOnlyList<ChatCompletionToolCallDelta> Add(ChatResponseUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        List<ChatCompletionToolCallDelta>? deltas = null;
        foreach (var content in update.Contents)
        {
            switch (content)
            {
                case FunctionCallDeltaContent { Name: { } name } first:
                    var index = _announced++;
                    _streaming[first.CallId] = (index, new StringBuilder(first.Arguments));
                    (deltas ??= []).Add(new ChatCompletionToolCallDelta(index, first.CallId, "function", new ChatCompletionFunctionCallDelta(name, first.Arguments)));
                    break;
                case FunctionCallDeltaContent piece when _streaming.TryGetValue(piece.CallId, out var call) && piece.Arguments.Length > 0:
                    call.Sent.Append(piece.Arguments);
                    (deltas ??= []).Add(new ChatCompletionToolCallDelta(call.Index, Function: new ChatCompletionFunctionCallDelta(Arguments: piece.Arguments)));
                    break;
                case FunctionCallContent whole:
                    Whole(whole, deltas ??= []);
                    break;
            }
        }

        return deltas ?? (IReadOnlyList<ChatCompletionToolCallDelta>)[];
    }

    /// <summary>
    /// The finish reason to send: tool_calls when the answer called tools, was not cut short, and every call's arguments
    /// are a JSON object. A call the model left unfinished (cut by the token limit, or whose arguments stopped being
    /// JSON) is still listed with its arguments as far as they got, but the answer does not finish as a call to run:
    /// llama-server, too, never finishes with tool_calls for a call it cannot parse (it gives the answer back as text).
    /// </summary>
    public string FinishReason(string? engine) =>
        _calls.Count > 0 && _unfinished == 0 && engine is null or FinishReasons.Stop ? FinishReasons.ToolCalls : engine ?? FinishReasons.Stop;

    private void Whole(FunctionCallContent call, List<ChatCompletionToolCallDelta> deltas)
    {
        var arguments = ToolJson.Arguments(call);
        if (!ToolJson.IsWhole(call))
        {
            _unfinished++;
        }
        if (!string.IsNullOrEmpty(call.CallId) && _streaming.Remove(call.CallId, out var streamed))
        {
            // Streamed already: only what the fragments did not carry (nothing, unless the arguments came whole at the end).
            _calls.Add(new ChatCompletionToolCall(call.CallId, new ChatCompletionFunctionCall(call.Name, arguments)));
            var sent = streamed.Sent.ToString();
            if (arguments.Length > sent.Length && arguments.StartsWith(sent, StringComparison.Ordinal))
            {
                deltas.Add(new ChatCompletionToolCallDelta(streamed.Index, Function: new ChatCompletionFunctionCallDelta(Arguments: arguments[sent.Length..])));
            }

            return;
        }

        var index = _announced++;
        var id = string.IsNullOrEmpty(call.CallId) ? ToolJson.NewCallId() : call.CallId;
        _calls.Add(new ChatCompletionToolCall(id, new ChatCompletionFunctionCall(call.Name, arguments)));
        deltas.Add(new ChatCompletionToolCallDelta(index, id, "function", new ChatCompletionFunctionCallDelta(call.Name, string.Empty)));
        deltas.Add(new ChatCompletionToolCallDelta(index, Function: new ChatCompletionFunctionCallDelta(Arguments: arguments)));
    }
}
