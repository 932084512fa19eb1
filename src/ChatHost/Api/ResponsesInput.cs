using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Contracts;
using ModelScale.ChatHost.Sessions;
using ModelScale.ChatHost.Sessions.Store;

namespace ModelScale.ChatHost.Api;

/// <summary>
/// A Responses request checked and turned into what the engine takes: <paramref name="Conversation"/> is the stored
/// conversation it continues (previous_response_id) followed by its own input items, in their plain form (what the
/// response stores); <paramref name="Messages"/> is that conversation as chat messages, behind the instructions.
/// </summary>
public sealed record ResponsesInput(
    ResponsesRequest Request,
    string Model,
    IReadOnlyList<JsonObject> Conversation,
    IReadOnlyList<ChatMessage> Messages,
    ChatOptions Options,
    long Seed,
    JsonElement TextFormat,
    IReadOnlyList<JsonElement> Tools,
    JsonElement ToolChoice)
{
    public bool Stream => Request.Stream == true;

    public bool Store => Request.Store != false;

    /// <summary>Checks every field this server reads. <paramref name="maxTokensLimit"/> caps max_output_tokens and is its default.</summary>
    public static (ResponsesInput? Input, ApiFailure? Failure) From(ResponsesRequest request, int maxTokensLimit, SessionStore store)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(store);
        if (ResponsesFields.Check(request.Unread) is { } unsupported)
        {
            return (null, unsupported);
        }

        if (string.IsNullOrWhiteSpace(request.Model))
        {
            return Fail("You must provide a model parameter: a profile id from GET /v1/models.", "model");
        }

        var conversation = new List<JsonObject>();
        if (request.PreviousResponseId is { } previousId)
        {
            if (store.GetResponse(previousId) is not { } previous)
            {
                return (null, new ApiFailure(
                    StatusCodes.Status404NotFound,
                    new ApiError($"Previous response with id '{previousId}' not found.", ApiFailure.InvalidRequest, "previous_response_id", "previous_response_not_found")));
            }

            conversation.AddRange(ResponsesItems.ReadStored(previous.Conversation));
        }

        var (items, itemsFailure) = ResponsesItems.Read(request.Input, store.FindResponseItem);
        if (itemsFailure is not null)
        {
            return (null, itemsFailure);
        }

        conversation.AddRange(items!);
        if (conversation.Count > HistoryLimits.MaxMessages)
        {
            return (null, ApiFailure.BadRequest(
                $"The conversation holds {conversation.Count} items; this server takes at most {HistoryLimits.MaxMessages} in one request.", "input", "too_many_messages"));
        }

        if (request.Temperature is < 0 or > 2 || request.Temperature is { } t && !float.IsFinite(t))
        {
            return Fail("'temperature' must be between 0 and 2.", "temperature");
        }

        if (request.TopP is < 0 or > 1 || request.TopP is { } p && !float.IsFinite(p))
        {
            return Fail("'top_p' must be between 0 and 1.", "top_p");
        }

        if (request.MaxOutputTokens is <= 0)
        {
            return Fail("'max_output_tokens' must be a positive number.", "max_output_tokens");
        }

        if (request.MaxOutputTokens > maxTokensLimit)
        {
            return Fail($"'max_output_tokens' is {request.MaxOutputTokens}, more than this server's limit of {maxTokensLimit.ToString(CultureInfo.InvariantCulture)}.", "max_output_tokens");
        }

        var (format, formatEcho, formatFailure) = ResponsesTextFormat.From(request.Text);
        if (formatFailure is not null)
        {
            return (null, formatFailure);
        }

        var (tools, mode, toolsEcho, toolsFailure) = ResponsesTools.From(request.Tools, request.ToolChoice);
        if (toolsFailure is not null)
        {
            return (null, toolsFailure);
        }

        // Without a seed every answer would be the same: draw one, and say which (X-ModelScale-Seed).
        var seed = request.Seed ?? Random.Shared.NextInt64(0, uint.MaxValue + 1L);
        var options = new ChatOptions
        {
            ModelId = request.Model.Trim(),
            Temperature = request.Temperature ?? 1f,
            TopP = request.TopP,
            Seed = seed,
            MaxOutputTokens = request.MaxOutputTokens ?? maxTokensLimit,
            ResponseFormat = format,
            Tools = tools,
            ToolMode = mode,
            AllowMultipleToolCalls = tools is null ? null : request.ParallelToolCalls ?? true,
        };

        var messages = new List<ChatMessage>();
        if (!string.IsNullOrEmpty(request.Instructions))
        {
            messages.Add(new ChatMessage(ChatRole.System, request.Instructions));
        }

        messages.AddRange(ResponsesItems.ToMessages(conversation));
        var toolChoice = request.ToolChoice is { ValueKind: not JsonValueKind.Null } choice ? choice.Clone() : JsonSerializer.SerializeToElement("auto");
        return (new ResponsesInput(request, request.Model.Trim(), conversation, messages, options, seed, formatEcho, toolsEcho, toolChoice), null);
    }

    private static (ResponsesInput? Input, ApiFailure? Failure) Fail(string message, string param) => (null, ApiFailure.BadRequest(message, param));
}
