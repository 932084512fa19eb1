using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Contracts.Ollama;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Engine.Tools;
using ModelScale.ChatHost.Sessions;

namespace ModelScale.ChatHost.Api.Ollama;

/// <summary>
/// Runs a turn on the profile's <see cref="IChatClient"/> and writes it the Ollama way: a line per piece of text (or
/// per tool call) and a last line with done, or one object with stream: false. The first update is awaited before
/// anything is written, so that an unknown model, a busy one or a prompt that does not fit is still an HTTP error;
/// after that, an error is the stream's last line. keep_alive sets how long the model stays loaded afterwards (0: it is
/// unloaded once the answer is done).
/// </summary>
public static class OllamaAnswer
{
    /// <summary>Builds one line: the text piece, the tool calls it carries, and the end (null before the last line).</summary>
    public delegate OllamaTimings Line(string text, IReadOnlyList<OllamaToolCall>? calls, OllamaDone? done);

    public static async Task RunAsync(HttpContext http, OllamaTurn turn, ProfileClients clients, Line line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(line);
        var remote = clients.Find(turn.ProfileId).IsRemote;
        if (remote && turn.Options.LocalOnly is { Count: > 0 } localOnly)
        {
            await OllamaFailure.BadRequest($"'options.{localOnly[0]}' is honoured only by this server's own models; '{turn.ProfileId}' is a remote tier, which does not take it.")
                .ToResult().ExecuteAsync(http);
            return;
        }

        if (remote && turn.RawBy is { } rawBy)
        {
            await OllamaFailure.BadRequest($"'{rawBy}' is honoured only by this server's own models; '{turn.ProfileId}' is a remote tier, whose chat endpoint always applies its own template. Leave {rawBy} out.")
                .ToResult().ExecuteAsync(http);
            return;
        }

        if (remote)
        {
            // A remote tier holds nothing in this server's memory: its keep-alive is the remote server's business.
            turn.Options.Options.AdditionalProperties?.Remove(ModelKeepAlive.OptionKey);
        }

        // keep_alive travels in the options: the engine sets it on the model with the lease, and one of 0 unloads the
        // model as that lease ends, before the last line is written.
        var client = await clients.ForAsync(turn.ProfileId, turn.Options.NumCtx, cancellationToken);
        await WriteAsync(http, client, turn, line, cancellationToken);
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

    private static async Task StreamAsync(HttpResponse response, IAsyncEnumerator<ChatResponseUpdate> updates, bool any, Line line, Stopwatch clock, CancellationToken cancellationToken)
    {
        NdJson.Begin(response);
        AnswerStats? stats = null;
        var callIndex = 0;
        for (var more = any; more; more = await updates.MoveNextAsync())
        {
            var update = updates.Current;
            stats = AnswerStats.From(update) ?? stats;
            var all = update.Contents.OfType<FunctionCallContent>().ToList();
            var calls = all.Where(ToolJson.IsWhole).ToList();
            var piece = (update.Text ?? string.Empty) + OllamaTools.Unfinished(all);
            if (piece.Length > 0 || calls.Count > 0)
            {
                await NdJson.WriteAsync<object>(response, line(piece, calls.Count > 0 ? OllamaTools.Calls(calls, callIndex) : null, null), cancellationToken);
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
            var all = updates.Current.Contents.OfType<FunctionCallContent>().ToList();
            text.Append(updates.Current.Text).Append(OllamaTools.Unfinished(all));
            calls.AddRange(all.Where(ToolJson.IsWhole));
        }

        var whole = line(text.ToString(), calls.Count > 0 ? OllamaTools.Calls(calls) : null, OllamaDone.From(stats, clock.Elapsed));
        await Results.Json<object>(whole, OllamaJson.Options).ExecuteAsync(http);
    }
}
