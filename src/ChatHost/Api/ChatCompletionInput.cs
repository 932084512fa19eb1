using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Contracts;
using ModelScale.ChatHost.Sessions;

namespace ModelScale.ChatHost.Api;

/// <summary>
/// A chat completion request checked and turned into what the session layer takes. <paramref name="Seed"/> is the seed
/// the answer samples with (drawn at random when the request names none), returned so that the answer can be
/// reproduced; <paramref name="LocalOnly"/> names the fields that only a local model honours (a remote tier refuses them).
/// </summary>
public sealed record ChatCompletionInput(
    string Model,
    IReadOnlyList<ChatMessage> Messages,
    ChatOptions Options,
    bool Stream,
    bool IncludeUsage,
    long Seed = 0,
    IReadOnlyList<string>? LocalOnly = null)
{
    /// <summary>Checks every field this server reads. <paramref name="maxTokensLimit"/> caps max_tokens and is its default.</summary>
    public static (ChatCompletionInput? Input, ApiFailure? Failure) From(ChatCompletionRequest request, int maxTokensLimit)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (ChatCompletionFields.Check(request.Unread) is { } unsupported)
        {
            return (null, unsupported);
        }

        if (string.IsNullOrWhiteSpace(request.Model))
        {
            return Fail("You must provide a model parameter: a profile id from GET /v1/models.", "model");
        }

        if (request.Messages is not { Count: > 0 } messages)
        {
            return Fail("'messages' must be a non-empty array of messages.", "messages");
        }

        if (messages.Count > HistoryLimits.MaxMessages)
        {
            return (null, ApiFailure.BadRequest(
                $"'messages' holds {messages.Count} messages; this server takes at most {HistoryLimits.MaxMessages} in one request.", "messages", "too_many_messages"));
        }

        var converted = new List<ChatMessage>(messages.Count);
        var callIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < messages.Count; i++)
        {
            var (message, failure) = Convert(messages[i], i, callIds);
            if (failure is not null)
            {
                return (null, failure);
            }

            converted.Add(message!);
        }

        if (request.Temperature is < 0 or > 2 || request.Temperature is { } t && !float.IsFinite(t))
        {
            return Fail("'temperature' must be between 0 and 2.", "temperature");
        }

        if (request.N is { } n && n != 1)
        {
            return Fail("Only n = 1 is supported.", "n");
        }

        var maxName = request.MaxCompletionTokens is not null ? "max_completion_tokens" : "max_tokens";
        var maxTokens = request.MaxCompletionTokens ?? request.MaxTokens;
        if (maxTokens is <= 0)
        {
            return Fail($"'{maxName}' must be a positive number.", maxName);
        }

        if (maxTokens > maxTokensLimit)
        {
            return Fail($"'{maxName}' is {maxTokens}, more than this server's limit of {maxTokensLimit}.", maxName);
        }

        var (stops, stopFailure) = Stops(request.Stop);
        if (stopFailure is not null)
        {
            return (null, stopFailure);
        }

        var (sampling, samplingFailure) = ChatCompletionSampling.From(request);
        if (samplingFailure is not null)
        {
            return (null, samplingFailure);
        }

        var (format, formatFailure) = ResponseFormatInput.From(request.ResponseFormat);
        if (formatFailure is not null)
        {
            return (null, formatFailure);
        }

        var (tools, toolsFailure) = ToolsInput.From(request.Tools, request.ToolChoice, request.ParallelToolCalls);
        if (toolsFailure is not null)
        {
            return (null, toolsFailure);
        }

        // Without a seed every answer would be the same: draw one, and say which (X-ModelScale-Seed and "seed").
        var seed = request.Seed ?? Random.Shared.NextInt64(0, uint.MaxValue + 1L);
        var options = sampling!;
        options.ModelId = request.Model;
        options.Temperature = request.Temperature ?? 1f;
        options.Seed = seed;
        options.MaxOutputTokens = maxTokens ?? maxTokensLimit;
        options.StopSequences = stops;
        options.ResponseFormat = format;
        options.Tools = tools!.Declared;
        options.ToolMode = tools.Mode;
        options.AllowMultipleToolCalls = tools.Parallel;
        var localOnly = ChatCompletionSampling.LocalOnlyFields(request);
        return (new ChatCompletionInput(request.Model.Trim(), converted, options, request.Stream == true, request.StreamOptions?.IncludeUsage == true, seed, localOnly), null);
    }

    private static (ChatMessage? Message, ApiFailure? Failure) Convert(ChatCompletionRequestMessage message, int index, HashSet<string> callIds)
    {
        var param = $"messages[{index}]";
        if (message is null)
        {
            return (null, ApiFailure.BadRequest($"'{param}' must be an object with 'role' and 'content'.", param));
        }

        if (ChatCompletionFields.CheckMessage(message.Unread, param) is { } unsupported)
        {
            return (null, unsupported);
        }

        ChatRole? role = message.Role switch
        {
            "system" or "developer" => ChatRole.System,
            "user" => ChatRole.User,
            "assistant" => ChatRole.Assistant,
            "tool" => ChatRole.Tool,
            _ => null,
        };
        if (role is null)
        {
            return (null, ApiFailure.BadRequest(
                message.Role is null
                    ? $"'{param}.role' is missing; use system, developer, user, assistant or tool."
                    : $"'{message.Role}' is not a supported role in '{param}.role'; use system, developer, user, assistant or tool.",
                $"{param}.role"));
        }

        if (message.ToolCalls is { ValueKind: not JsonValueKind.Null } && role != ChatRole.Assistant)
        {
            return (null, ApiFailure.BadRequest($"Only assistant messages carry 'tool_calls'; '{param}' is a {message.Role} message.", $"{param}.tool_calls", "invalid_value"));
        }

        if (message.ToolCallId is { ValueKind: not JsonValueKind.Null } && role != ChatRole.Tool)
        {
            return (null, ApiFailure.BadRequest($"Only tool messages carry 'tool_call_id'; '{param}' is a {message.Role} message.", $"{param}.tool_call_id", "invalid_value"));
        }

        var (text, failure) = Content(message.Content, role.Value, param);
        if (failure is not null)
        {
            return (null, failure);
        }

        if (role == ChatRole.Tool)
        {
            return ToolMessageInput.Result(message.ToolCallId, text!, param, callIds);
        }

        var (calls, callsFailure) = ToolMessageInput.Calls(message.ToolCalls, param, callIds);
        if (callsFailure is not null)
        {
            return (null, callsFailure);
        }

        if (calls is { Count: > 0 })
        {
            List<AIContent> contents = text!.Length > 0 ? [new TextContent(text)] : [];
            contents.AddRange(calls);
            return (new ChatMessage(role.Value, contents), null);
        }

        return (new ChatMessage(role.Value, text), null);
    }

    /// <summary>A message's content as text: a string or text parts; an assistant's may be missing (it then only calls tools).</summary>
    private static (string? Text, ApiFailure? Failure) Content(JsonElement? content, ChatRole role, string param)
    {
        if (content is null || content.Value.ValueKind == JsonValueKind.Null)
        {
            return role == ChatRole.Assistant
                ? (string.Empty, null)
                : (null, ApiFailure.BadRequest($"'{param}.content' is missing.", $"{param}.content"));
        }

        if (content.Value.ValueKind == JsonValueKind.String)
        {
            return JsonText.Read(content.Value) is { } whole
                ? (whole, null)
                : (null, JsonText.Invalid($"{param}.content"));
        }

        if (content.Value.ValueKind != JsonValueKind.Array)
        {
            return (null, ApiFailure.BadRequest($"Invalid type for '{param}.content': expected a string or an array of text parts.", $"{param}.content", "invalid_type"));
        }

        var text = new StringBuilder();
        foreach (var part in content.Value.EnumerateArray())
        {
            if (part.ValueKind != JsonValueKind.Object
                || !part.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "text"
                || !part.TryGetProperty("text", out var partText) || partText.ValueKind != JsonValueKind.String)
            {
                return (null, ApiFailure.BadRequest($"'{param}.content' may only hold text parts ({{\"type\":\"text\",\"text\":\"...\"}}).", $"{param}.content"));
            }

            if (JsonText.Read(partText) is not { } piece)
            {
                return (null, JsonText.Invalid($"{param}.content"));
            }

            text.Append(piece);
        }

        return (text.ToString(), null);
    }

    private static (List<string>? Stops, ApiFailure? Failure) Stops(JsonElement? stop)
    {
        if (stop is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            return (null, null);
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return JsonText.Read(value) is { } one ? (one.Length == 0 ? null : [one], null) : (null, JsonText.Invalid("stop"));
        }

        if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) && value.GetArrayLength() <= 4)
        {
            var stops = new List<string>();
            foreach (var element in value.EnumerateArray())
            {
                if (JsonText.Read(element) is not { } text)
                {
                    return (null, JsonText.Invalid("stop"));
                }

                if (text.Length > 0)
                {
                    stops.Add(text);
                }
            }

            return (stops, null);
        }

        return (null, ApiFailure.BadRequest("'stop' must be a string or an array of up to 4 strings.", "stop", "invalid_type"));
    }

    private static (ChatCompletionInput? Input, ApiFailure? Failure) Fail(string message, string param) => (null, ApiFailure.BadRequest(message, param));
}
