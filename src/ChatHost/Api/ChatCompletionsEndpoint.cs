using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ModelScale.ChatHost.Contracts;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Sessions;

namespace ModelScale.ChatHost.Api;

/// <summary>
/// POST /v1/chat/completions, as OpenAI serves it: model is a profile id; stream: true sends chunks as server-sent
/// events ending in [DONE]. Anything wrong before the first token is an HTTP error with an OpenAI-style body; a client
/// that goes away cancels its generation.
/// </summary>
public static class ChatCompletionsEndpoint
{
    /// <summary>The response header with the seed the answer was sampled with.</summary>
    public const string SeedHeader = "X-ModelScale-Seed";

    public static async Task HandleAsync(
        HttpContext http,
        ProfileClients clients,
        IOptions<ServeOptions> serve,
        IHostApplicationLifetime lifetime,
        TimeProvider time,
        ApiExceptionHandler errors)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(serve);
        ArgumentNullException.ThrowIfNull(lifetime);
        ArgumentNullException.ThrowIfNull(errors);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var cancellationToken = stop.Token;

        var input = await JsonBody.ReadCheckedAsync<ChatCompletionRequest, ChatCompletionInput>(http, request => ChatCompletionInput.From(request, serve.Value.MaxTokensLimit), cancellationToken);
        if (input is null)
        {
            return;
        }

        var id = $"chatcmpl-{Guid.NewGuid():N}";
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        IAsyncEnumerator<ChatResponseUpdate>? updates = null;
        try
        {
            // The first update is awaited before anything is written, so that an unknown model, a busy model or a
            // prompt that does not fit is still a proper HTTP error.
            if (input.LocalOnly is { Count: > 0 } localOnly && clients.Find(input.Model).IsRemote)
            {
                await ApiFailure.BadRequest(
                    $"'{localOnly[0]}' is honoured only by this server's own models; '{input.Model}' is a remote tier, which does not take it.",
                    localOnly[0],
                    "unsupported_parameter").ToResult().ExecuteAsync(http);
                return;
            }

            http.Response.Headers[SeedHeader] = input.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var client = await clients.ForAsync(input.Model, cancellationToken);
            updates = client.GetStreamingResponseAsync(input.Messages, input.Options, cancellationToken).GetAsyncEnumerator(cancellationToken);
            var any = await updates.MoveNextAsync();
            if (input.Stream)
            {
                await StreamAsync(http.Response, updates, any, input, id, created, cancellationToken);
            }
            else
            {
                await RespondAsync(http, updates, any, input, id, created);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away or the service is stopping: the generation has been cancelled, nobody is waiting.
        }
        catch (Exception ex) when (http.Response.HasStarted)
        {
            // Before the first chunk, ApiExceptionHandler answers; after it, the status is sent and the error is the last event.
            await errors.WriteEventAsync(http, ex, OpenAiJson.Options);
        }
        finally
        {
            if (updates is not null)
            {
                await updates.DisposeAsync();
            }
        }
    }

    private static async Task RespondAsync(HttpContext http, IAsyncEnumerator<ChatResponseUpdate> updates, bool any, ChatCompletionInput input, string id, long created)
    {
        var text = new StringBuilder();
        var tools = new ToolCallAccumulator();
        AnswerStats? stats = null;
        List<Engine.Decoding.TokenLogprob>? logprobs = null;
        for (var more = any; more; more = await updates.MoveNextAsync())
        {
            stats = AnswerStats.From(updates.Current) ?? stats;
            text.Append(updates.Current.Text);
            if (ChatLogprobs.From(updates.Current) is { } tokens)
            {
                (logprobs ??= []).AddRange(tokens);
            }

            tools.Add(updates.Current);
        }

        var message = new ChatCompletionMessage("assistant", tools.Calls is not null && text.Length == 0 ? null : text.ToString(), tools.Calls);
        var completion = new ChatCompletion(
            id,
            created,
            input.Model,
            [new ChatCompletionChoice(0, message, tools.FinishReason(stats?.FinishReason), LogprobsWire.Chat(logprobs, ChatLogprobs.Requested(input.Options) is not null))],
            Usage(stats),
            input.Seed);
        await Results.Json(completion, OpenAiJson.Options).ExecuteAsync(http);
    }

    private static async Task StreamAsync(
        HttpResponse response,
        IAsyncEnumerator<ChatResponseUpdate> updates,
        bool any,
        ChatCompletionInput input,
        string id,
        long created,
        CancellationToken cancellationToken)
    {
        ServerSentEvents.Begin(response);
        await Chunk(new ChatCompletionDelta(Role: "assistant", Content: string.Empty), null, null);
        AnswerStats? stats = null;
        var tools = new ToolCallAccumulator();
        for (var more = any; more; more = await updates.MoveNextAsync())
        {
            var update = updates.Current;
            stats = AnswerStats.From(update) ?? stats;
            var logprobs = ChatLogprobs.From(update);
            if (update.Text is { Length: > 0 } || logprobs is not null)
            {
                await Chunk(new ChatCompletionDelta(Content: update.Text ?? string.Empty), null, null, LogprobsWire.Chat(logprobs, requested: false));
            }

            foreach (var call in tools.Add(update))
            {
                await Chunk(new ChatCompletionDelta(ToolCalls: [call]), null, null);
            }
        }

        // The finish reason closes the choice; usage rides on it, or on its own chunk when the client asked for one.
        var usage = Usage(stats);
        await Chunk(new ChatCompletionDelta(), tools.FinishReason(stats?.FinishReason), input.IncludeUsage ? null : usage);
        if (input.IncludeUsage)
        {
            await ServerSentEvents.WriteAsync(response, new ChatCompletionChunk(id, created, input.Model, [], usage, input.Seed), OpenAiJson.Options, cancellationToken);
        }

        await ServerSentEvents.WriteDataAsync(response, ServerSentEvents.Done, cancellationToken);

        Task Chunk(ChatCompletionDelta delta, string? finish, CompletionUsage? withUsage, ChatCompletionLogprobs? logprobs = null) => ServerSentEvents.WriteAsync(
            response,
            new ChatCompletionChunk(id, created, input.Model, [new ChatCompletionChunkChoice(0, delta, finish, logprobs)], withUsage, input.Seed),
            OpenAiJson.Options,
            cancellationToken);
    }

    private static CompletionUsage Usage(AnswerStats? stats) =>
        new(stats?.PromptTokens ?? 0, stats?.CompletionTokens ?? 0, (stats?.PromptTokens ?? 0) + (stats?.CompletionTokens ?? 0));
}
