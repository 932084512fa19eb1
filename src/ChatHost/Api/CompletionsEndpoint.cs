using System.Globalization;
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
/// POST /v1/completions, OpenAI's legacy completions: each prompt is raw text that the model continues, without the chat
/// template, through the same engine and decode loop as a chat answer; one choice per prompt, in order. stream: true
/// sends "text_completion" chunks as server-sent events ending in [DONE]. Anything wrong before the first token is an
/// HTTP error with an OpenAI-style body.
/// </summary>
public static class CompletionsEndpoint
{
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

        var input = await JsonBody.ReadCheckedAsync<CompletionRequest, CompletionInput>(http, request => CompletionInput.From(request, serve.Value.MaxTokensLimit), cancellationToken);
        if (input is null)
        {
            return;
        }

        var id = $"cmpl-{Guid.NewGuid():N}";
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        IAsyncEnumerator<ChatResponseUpdate>? first = null;
        try
        {
            if (clients.Find(input.Model).IsRemote)
            {
                await ApiFailure.BadRequest(
                    $"'{input.Model}' is a remote tier: /v1/completions continues raw text, which only this server's own models do; use /v1/chat/completions.",
                    "model",
                    "unsupported_parameter").ToResult().ExecuteAsync(http);
                return;
            }

            http.Response.Headers[ChatCompletionsEndpoint.SeedHeader] = input.Seed.ToString(CultureInfo.InvariantCulture);
            var client = await clients.ForAsync(input.Model, cancellationToken);

            // The first prompt's first update is awaited before anything is written, so that a busy model or a prompt
            // that does not fit is still a proper HTTP error.
            first = Generate(client, input, 0, cancellationToken);
            var any = await first.MoveNextAsync();
            var answer = new Choices(http.Response, input, id, created, cancellationToken);
            if (input.Stream)
            {
                ServerSentEvents.Begin(http.Response);
            }

            for (var i = 0; i < input.Prompts.Count; i++)
            {
                var updates = i == 0 ? first : Generate(client, input, i, cancellationToken);
                try
                {
                    await answer.ChoiceAsync(i, updates, i == 0 ? any : await updates.MoveNextAsync());
                }
                finally
                {
                    if (i > 0)
                    {
                        await updates.DisposeAsync();
                    }
                }
            }

            await answer.EndAsync();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away or the service is stopping: the generation has been cancelled, nobody is waiting.
        }
        catch (Exception ex) when (http.Response.HasStarted)
        {
            await errors.WriteEventAsync(http, ex, OpenAiJson.Options);
        }
        finally
        {
            if (first is not null)
            {
                await first.DisposeAsync();
            }
        }
    }

    private static IAsyncEnumerator<ChatResponseUpdate> Generate(IChatClient client, CompletionInput input, int index, CancellationToken cancellationToken) =>
        client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, input.Prompts[index])], input.Options, cancellationToken).GetAsyncEnumerator(cancellationToken);

    /// <summary>The choices of one request as they are generated: written as chunks when streaming, else gathered and written at the end.</summary>
    private sealed class Choices(HttpResponse response, CompletionInput input, string id, long created, CancellationToken cancellationToken)
    {
        private readonly List<TextCompletionChoice> _choices = [];
        private int _promptTokens;
        private int _completionTokens;

        public async Task ChoiceAsync(int index, IAsyncEnumerator<ChatResponseUpdate> updates, bool any)
        {
            var echo = input.Echo ? input.Prompts[index] : string.Empty;
            var logprobs = input.Logprobs is null ? null : new LegacyLogprobs(echo.Length);
            var text = new StringBuilder(echo);
            var tokens = new List<Engine.Decoding.TokenLogprob>();
            AnswerStats? stats = null;
            if (input.Stream && echo.Length > 0)
            {
                await ChunkAsync(new TextCompletionChoice(echo, index, null, null));
            }

            for (var more = any; more; more = await updates.MoveNextAsync())
            {
                var update = updates.Current;
                stats = AnswerStats.From(update) ?? stats;
                var described = ChatLogprobs.From(update);
                if (input.Stream)
                {
                    if (update.Text is { Length: > 0 } || described is not null)
                    {
                        await ChunkAsync(new TextCompletionChoice(update.Text ?? string.Empty, index, described is null ? null : logprobs?.Next(described), null));
                    }
                }
                else
                {
                    text.Append(update.Text);
                    tokens.AddRange(described ?? []);
                }
            }

            _promptTokens += stats?.PromptTokens ?? 0;
            _completionTokens += stats?.CompletionTokens ?? 0;
            var finish = stats?.FinishReason ?? FinishReasons.Stop;
            if (input.Stream)
            {
                await ChunkAsync(new TextCompletionChoice(string.Empty, index, null, finish));
            }
            else
            {
                _choices.Add(new TextCompletionChoice(text.ToString(), index, logprobs?.Next(tokens), finish));
            }
        }

        public async Task EndAsync()
        {
            var usage = new CompletionUsage(_promptTokens, _completionTokens, _promptTokens + _completionTokens);
            if (!input.Stream)
            {
                await Results.Json(new TextCompletion(id, created, input.Model, _choices, usage, input.Seed), OpenAiJson.Options).ExecuteAsync(response.HttpContext);
                return;
            }

            if (input.IncludeUsage)
            {
                await ServerSentEvents.WriteAsync(response, new TextCompletion(id, created, input.Model, [], usage, input.Seed), OpenAiJson.Options, cancellationToken);
            }

            await ServerSentEvents.WriteDataAsync(response, ServerSentEvents.Done, cancellationToken);
        }

        private Task ChunkAsync(TextCompletionChoice choice) =>
            ServerSentEvents.WriteAsync(response, new TextCompletion(id, created, input.Model, [choice], null, input.Seed), OpenAiJson.Options, cancellationToken);
    }
}
