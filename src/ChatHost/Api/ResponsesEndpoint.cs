using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelScale.ChatHost.Contracts;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Sessions;
using ModelScale.ChatHost.Sessions.Store;

namespace ModelScale.ChatHost.Api;

/// <summary>
/// POST /v1/responses, OpenAI's Responses API: the answer is a response object with output items (an assistant
/// message, function calls); stream: true sends the Responses events (response.created ... response.completed), each
/// with its sequence number. A stored response (store is true by default) is kept in the session database, so that
/// previous_response_id continues its conversation and GET /v1/responses/{id} returns it. Anything wrong before the
/// first token is an HTTP error with an OpenAI-style body; after it, an "error" event ends the stream.
/// </summary>
public static partial class ResponsesEndpoint
{
    public static async Task HandleAsync(
        HttpContext http,
        ProfileClients clients,
        SessionStore store,
        IOptions<ServeOptions> serve,
        IHostApplicationLifetime lifetime,
        TimeProvider time,
        ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(serve);
        ArgumentNullException.ThrowIfNull(lifetime);
        ArgumentNullException.ThrowIfNull(loggers);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var cancellationToken = stop.Token;

        var input = await JsonBody.ReadCheckedAsync<ResponsesRequest, ResponsesInput>(http, request => ResponsesInput.From(request, serve.Value.MaxTokensLimit, store), cancellationToken);
        if (input is null)
        {
            return;
        }

        var id = $"resp_{Guid.NewGuid():N}";
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        var output = new ResponsesOutput(input.Stream ? e => WriteEventAsync(http.Response, e, cancellationToken) : _ => Task.CompletedTask);
        IAsyncEnumerator<ChatResponseUpdate>? updates = null;
        try
        {
            // The first update is awaited before anything is written, so that an unknown model, a busy model or a
            // prompt that does not fit is still a proper HTTP error.
            http.Response.Headers[ChatCompletionsEndpoint.SeedHeader] = input.Seed.ToString(CultureInfo.InvariantCulture);
            var client = await clients.ForAsync(input.Model, cancellationToken);
            updates = client.GetStreamingResponseAsync(input.Messages, input.Options, cancellationToken).GetAsyncEnumerator(cancellationToken);
            var any = await updates.MoveNextAsync();
            if (input.Stream)
            {
                ServerSentEvents.Begin(http.Response);
                var begun = Response(input, id, created, "in_progress", [], null, null);
                await WriteEventAsync(http.Response, new ResponseLifecycleEvent("response.created", output.Next(), begun), cancellationToken);
                await WriteEventAsync(http.Response, new ResponseLifecycleEvent("response.in_progress", output.Next(), begun), cancellationToken);
            }

            AnswerStats? stats = null;
            for (var more = any; more; more = await updates.MoveNextAsync())
            {
                stats = AnswerStats.From(updates.Current) ?? stats;
                await output.AddAsync(updates.Current);
            }

            var incomplete = stats?.FinishReason == FinishReasons.Length;
            await output.FinishAsync(incomplete);
            var response = Response(
                input,
                id,
                created,
                incomplete ? "incomplete" : "completed",
                output.Items,
                incomplete ? new ResponseIncompleteDetails("max_output_tokens") : null,
                Usage(stats));
            if (input.Store)
            {
                Keep(store, input, response);
            }

            if (input.Stream)
            {
                await WriteEventAsync(http.Response, new ResponseLifecycleEvent(incomplete ? "response.incomplete" : "response.completed", output.Next(), response), cancellationToken);
            }
            else
            {
                await Results.Json(response, OpenAiJson.Options).ExecuteAsync(http);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away or the service is stopping: the generation has been cancelled, nobody is waiting.
        }
        catch (Exception ex) when (http.Response.HasStarted)
        {
            // Before the first event, ApiExceptionHandler answers; after it, the status is sent and the error is the last event.
            var error = ApiErrors.From(ex).Error;
            if (ex is not ModelScale.Profiles.Errors.ModelScaleException)
            {
                LogFailed(loggers.CreateLogger(typeof(ResponsesEndpoint).FullName!), ex);
            }

            await WriteEventAsync(http.Response, new ResponseErrorEvent("error", output.Next(), error.Code, error.Message, error.Param), CancellationToken.None);
        }
        finally
        {
            if (updates is not null)
            {
                await updates.DisposeAsync();
            }
        }
    }

    /// <summary>GET /v1/responses/{id}: a stored response.</summary>
    public static IResult Get(string id, SessionStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.GetResponse(id) is { } stored
            ? Results.Text(stored.Response, "application/json", Encoding.UTF8)
            : NotFound(id).ToResult();
    }

    /// <summary>DELETE /v1/responses/{id}: forgets a stored response (a follow-up of it keeps its own copy of the conversation).</summary>
    public static IResult Delete(string id, SessionStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.DeleteResponse(id)
            ? Results.Json(new { id, @object = "response", deleted = true }, OpenAiJson.Options)
            : NotFound(id).ToResult();
    }

    private static ApiFailure NotFound(string id) =>
        new(StatusCodes.Status404NotFound, new ApiError($"Response with id '{id}' not found.", ApiFailure.InvalidRequest, "response_id", "response_not_found"));

    private static void Keep(SessionStore store, ResponsesInput input, ResponseObject response)
    {
        var conversation = new JsonArray();
        foreach (var item in input.Conversation.Concat(response.Output.Select(ResponsesItems.FromOutput)))
        {
            conversation.Add(item.DeepClone());
        }

        store.AddResponse(new StoredResponse(
            response.Id,
            input.Request.PreviousResponseId,
            input.Model,
            conversation.ToJsonString(),
            JsonSerializer.Serialize(response, OpenAiJson.Options)));
    }

    private static ResponseObject Response(
        ResponsesInput input, string id, long created, string status, IReadOnlyList<ResponseOutputItem> output, ResponseIncompleteDetails? incomplete, ResponseUsage? usage) =>
        new(
            id,
            created,
            status,
            null,
            incomplete,
            input.Request.Instructions,
            input.Request.MaxOutputTokens,
            input.Model,
            output,
            input.Request.ParallelToolCalls ?? true,
            input.Request.PreviousResponseId,
            input.Store,
            input.Options.Temperature,
            new ResponseTextConfig(input.TextFormat),
            input.ToolChoice,
            input.Tools,
            input.Request.TopP ?? 1f,
            "disabled",
            usage);

    private static ResponseUsage Usage(AnswerStats? stats)
    {
        var prompt = stats?.PromptTokens ?? 0;
        var completion = stats?.CompletionTokens ?? 0;
        return new ResponseUsage(prompt, new ResponseInputTokensDetails(stats?.CachedPromptTokens ?? 0), completion, new ResponseOutputTokensDetails(0), prompt + completion);
    }

    /// <summary>One Responses event: its type on the event: line, its JSON on the data: line.</summary>
    private static async Task WriteEventAsync(HttpResponse response, object value, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(value, value.GetType(), OpenAiJson.Options);
        var type = value switch
        {
            ResponseLifecycleEvent e => e.Type,
            ResponseOutputItemEvent e => e.Type,
            ResponseContentPartEvent e => e.Type,
            ResponseTextDeltaEvent e => e.Type,
            ResponseTextDoneEvent e => e.Type,
            ResponseArgumentsDeltaEvent e => e.Type,
            ResponseArgumentsDoneEvent e => e.Type,
            ResponseErrorEvent e => e.Type,
            _ => throw new ArgumentOutOfRangeException(nameof(value), value.GetType().Name, "Not a Responses event."),
        };
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes($"event: {type}\ndata: {json}\n\n"), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "/v1/responses failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
