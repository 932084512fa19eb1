using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Contracts.Ollama;
using ModelScale.ChatHost.Sessions;

namespace ModelScale.ChatHost.Api.Ollama;

/// <summary>
/// Ollama's chat messages onto Microsoft.Extensions.AI's: system, user and assistant text; an assistant's tool_calls
/// as <see cref="FunctionCallContent"/>; a role "tool" message as a <see cref="FunctionResultContent"/> answering the
/// call it names (tool_call_id), or else the latest unanswered call of its tool_name. Images are refused (no model here
/// sees them), as is thinking text (none of these models think apart from their answer).
/// </summary>
public static class OllamaMessages
{
    public static (List<ChatMessage>? Messages, OllamaFailure? Failure) From(IReadOnlyList<OllamaMessage>? messages)
    {
        if (messages is null || messages.Count == 0)
        {
            return ([], null);
        }

        if (messages.Count > HistoryLimits.MaxMessages)
        {
            return (null, OllamaFailure.BadRequest($"'messages' holds {messages.Count} messages; this server takes at most {HistoryLimits.MaxMessages} in one request."));
        }

        var converted = new List<ChatMessage>(messages.Count);
        var unanswered = new List<FunctionCallContent>();
        for (var i = 0; i < messages.Count; i++)
        {
            var (message, failure) = Convert(messages[i], $"messages[{i}]", unanswered);
            if (failure is not null)
            {
                return (null, failure);
            }

            converted.Add(message!);
        }

        return (converted, null);
    }

    private static (ChatMessage? Message, OllamaFailure? Failure) Convert(OllamaMessage? message, string where, List<FunctionCallContent> unanswered)
    {
        if (message is null)
        {
            return Fail($"'{where}' must be an object with 'role' and 'content'.");
        }

        if (message.Unread is { Count: > 0 } unread)
        {
            return Fail($"'{where}.{unread.Keys.First()}' is not a message field this server knows.");
        }

        if (OllamaFields.AsksFor(message.Images))
        {
            return Fail($"'{where}.images': no model on this server reads images; send text only.");
        }

        if (!string.IsNullOrEmpty(message.Thinking))
        {
            return Fail($"'{where}.thinking': the models on this server have no separate thinking; leave it out.");
        }

        var content = message.Content ?? string.Empty;
        switch (message.Role)
        {
            case "system":
                return (new ChatMessage(ChatRole.System, content), null);
            case "user":
                return (new ChatMessage(ChatRole.User, content), null);
            case "assistant":
                return Assistant(message, content, where, unanswered);
            case "tool":
                return ToolResult(message, content, where, unanswered);
            case null:
                return Fail($"'{where}.role' is missing; use system, user, assistant or tool.");
            default:
                return Fail($"'{message.Role}' is not a role; '{where}.role' is system, user, assistant or tool.");
        }
    }

    private static (ChatMessage? Message, OllamaFailure? Failure) Assistant(OllamaMessage message, string content, string where, List<FunctionCallContent> unanswered)
    {
        var contents = new List<AIContent>();
        if (content.Length > 0 || message.ToolCalls is not { Count: > 0 })
        {
            contents.Add(new TextContent(content));
        }

        var index = 0;
        foreach (var call in message.ToolCalls ?? [])
        {
            var at = $"{where}.tool_calls[{index}]";
            if (call?.Function is not { Name: { Length: > 0 } name } function)
            {
                return Fail($"'{at}.function.name' is missing.");
            }

            var (arguments, error) = OllamaTools.Arguments(function.Arguments);
            if (error is not null)
            {
                return Fail($"'{at}.function.arguments' {error}.");
            }

            // Older clients send calls without ids; the call's place in the conversation names it then.
            var made = new FunctionCallContent(string.IsNullOrEmpty(call.Id) ? at : call.Id, name, arguments);
            contents.Add(made);
            unanswered.Add(made);
            index++;
        }

        return (new ChatMessage(ChatRole.Assistant, contents), null);
    }

    private static (ChatMessage? Message, OllamaFailure? Failure) ToolResult(OllamaMessage message, string content, string where, List<FunctionCallContent> unanswered)
    {
        FunctionCallContent? answered = null;
        if (!string.IsNullOrEmpty(message.ToolCallId))
        {
            answered = unanswered.Find(c => c.CallId == message.ToolCallId);
            if (answered is null)
            {
                return Fail($"'{where}.tool_call_id' is '{message.ToolCallId}', which no earlier assistant message called.");
            }
        }
        else if (!string.IsNullOrEmpty(message.ToolName))
        {
            answered = unanswered.LastOrDefault(c => c.Name == message.ToolName);
        }
        else
        {
            answered = unanswered.Count > 0 ? unanswered[^1] : null;
        }

        // A result without a call to answer (Ollama lets a client send one) still reaches the model, as its own call id.
        var callId = answered?.CallId ?? $"call_{message.ToolName ?? "tool"}";
        if (answered is not null)
        {
            unanswered.Remove(answered);
        }

        return (new ChatMessage(ChatRole.Tool, [new FunctionResultContent(callId, content)]), null);
    }

    private static (ChatMessage? Message, OllamaFailure? Failure) Fail(string message) => (null, OllamaFailure.BadRequest(message));
}
