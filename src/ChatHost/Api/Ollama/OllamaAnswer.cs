using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Contracts.Ollama;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Sessions;

namespace ModelScale.ChatHost.Api.Ollama;

/// <summary>
/// Runs a turn on the profile's <see cref="IChatClient"/> and writes it the Ollama way: a line per piece of text (or
/// per tool call) and a last line with done, or one object with stream: false. The first update is awaited before
/// anything is written, so that an unknown model, a busy one or a prompt that does not fit is still an HTTP error;
/// after that, an error is the stream's last line. keep_alive 0 unloads the model once the answer is done.
/// </summary>
public static class OllamaAnswer
{
    /// <summary>Builds one line: the text piece, the tool calls it carries, and the end (null before the last line).</summary>
    public delegate OllamaTimings Line(string text, IReadOnlyList<OllamaToolCall>? calls, OllamaDone? done);

    public static async Task RunAsync(HttpContext http, OllamaTurn turn, ProfileClients clients, IModelEngine engine, Line line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(line);
        if (turn.Options.LocalOnly is { Count: > 0 } localOnly && clients.Find(turn.ProfileId).IsRemote)
        {
            await OllamaFailure.BadRequest($"'options.{localOnly[0]}' is honoured only by this server's own models; '{turn.ProfileId}' is a remote tier, which does not take it.")
                .ToResult().ExecuteAsync(http);
            return;
        }

        var client = await clients.ForAsync(turn.ProfileId, turn.Options.NumCtx, cancellationToken);
        try
        {
            await WriteAsync(http, client, turn, line, cancellationToken);
        }
        finally
        {
            if (OllamaKeepAlive.UnloadsAfter(turn.KeepAlive))
            {
                Unload(engine, turn.ProfileId);
            }
        }
    }

    /// <summary>Answers the turn with <paramref name="client"/>: NDJSON lines, or one object with stream: false.</summary>
    public static async Task WriteAsync(HttpContext http, IChatClient client, OllamaTurn turn, Line line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(line);
        var clock = Stopwatch.StartNew();
        http.Response.Headers[ChatCompletionsEndpoint.SeedHeader] = turn.Options.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var updates = client.GetStreamingResponseAsync(turn.Messages, turn.Options.Options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        var any = await updates.MoveNextAsync();
        if (turn.Stream)
        {
            await StreamAsync(http.Response, updates, any, line, clock, cancellationToken);
        }
        else
        {
            await RespondAsync(http, updates, any, line, clock);
        }
    }

    /// <summary>Unloads every resident copy of the profile (one per context it was loaded with).</summary>
    public static void Unload(IModelEngine engine, string profileId)
    {
        ArgumentNullException.ThrowIfNull(engine);
        while (ResidentModels.Of(engine).Any(m => m.Id == profileId))
        {
            engine.Unload(profileId);
        }
    }

    private static async Task StreamAsync(HttpResponse response, IAsyncEnumerator<ChatResponseUpdate> updates, bool any, Line line, Stopwatch clock, CancellationToken cancellationToken)
    {
        NdJson.Begin(response);
        AnswerStats? stats = null;
        var callIndex = 0;
        for (var more = any; more; more = await updates.MoveNextAsync())
        {
            var update = updates.Current;
            stats = AnswerStats.From(update) ?? stats;
            var calls = update.Contents.OfType<FunctionCallContent>().ToList();
            if (update.Text is { Length: > 0 } piece || calls.Count > 0)
            {
                await NdJson.WriteAsync<object>(response, line(update.Text ?? string.Empty, calls.Count > 0 ? OllamaTools.Calls(calls, callIndex) : null, null), cancellationToken);
                callIndex += calls.Count;
            }
        }

        await NdJson.WriteAsync<object>(response, line(string.Empty, null, OllamaDone.From(stats, clock.Elapsed)), cancellationToken);
    }

    private static async Task RespondAsync(HttpContext http, IAsyncEnumerator<ChatResponseUpdate> updates, bool any, Line line, Stopwatch clock)
    {
        var text = new StringBuilder();
        var calls = new List<FunctionCallContent>();
        AnswerStats? stats = null;
        for (var more = any; more; more = await updates.MoveNextAsync())
        {
            stats = AnswerStats.From(updates.Current) ?? stats;
            text.Append(updates.Current.Text);
            calls.AddRange(updates.Current.Contents.OfType<FunctionCallContent>());
        }

        var whole = line(text.ToString(), calls.Count > 0 ? OllamaTools.Calls(calls) : null, OllamaDone.From(stats, clock.Elapsed));
        await Results.Json<object>(whole, OllamaJson.Options).ExecuteAsync(http);
    }
}
