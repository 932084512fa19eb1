using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using ModelScale.ChatHost.Contracts;
using ModelScale.ChatHost.Replay;

namespace ModelScale.ChatHost.Api;

/// <summary>
/// POST /api/replay with <c>"stream": true</c>: the replay's progress as server-sent events while it runs (a profile
/// starting, loaded, each answer in, finished), then <c>{"type":"report","report":{...}}</c> and [DONE]. An error after
/// the first event is the last event, as in the session stream.
/// </summary>
public static class ReplayProgressStream
{
    public static async Task WriteAsync(HttpContext http, Func<IReplayProgress, Task<ReplayResult>> run, ApiExceptionHandler errors)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(errors);
        var cancellationToken = http.RequestAborted;
        var progress = new Events();
        ServerSentEvents.Begin(http.Response);
        var pump = PumpAsync(progress.Reader, http.Response, cancellationToken);
        try
        {
            var result = await run(progress);
            progress.Complete();
            await pump;
            using var report = JsonDocument.Parse(JsonReport.Render(result));
            await ServerSentEvents.WriteDataAsync(http.Response, $"{{\"type\":\"report\",\"report\":{JsonSerializer.Serialize(report.RootElement)}}}", cancellationToken);
            await ServerSentEvents.WriteDataAsync(http.Response, ServerSentEvents.Done, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away: the replay stopped with it.
        }
        catch (Exception ex)
        {
            progress.Complete();
            await pump;
            await errors.WriteEventAsync(http, ex, NativeJson.Options);
        }
    }

    private static async Task PumpAsync(ChannelReader<ReplayProgressEvent> events, HttpResponse response, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var e in events.ReadAllAsync(cancellationToken))
            {
                await ServerSentEvents.WriteAsync(response, e, NativeJson.Options, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    /// <summary>Turns the replay's progress calls (on its own flow) into events for the response's writer.</summary>
    private sealed class Events : IReplayProgress
    {
        private readonly Channel<ReplayProgressEvent> _events = Channel.CreateUnbounded<ReplayProgressEvent>(new UnboundedChannelOptions { SingleReader = true });

        public ChannelReader<ReplayProgressEvent> Reader => _events.Reader;

        public void Complete() => _events.Writer.TryComplete();

        public void ProfileStarting(int index, int count, string id, int turns) =>
            _events.Writer.TryWrite(new ReplayProgressEvent("profileStarting", id, Index: index, Count: count, Turns: turns));

        public void ProfileLoaded(string id, TimeSpan loadTime, ReplayPlan? plan) =>
            _events.Writer.TryWrite(new ReplayProgressEvent("profileLoaded", id, LoadMs: loadTime.TotalMilliseconds));

        public void TurnFinished(string id, TurnResult turn, int turns)
        {
            ArgumentNullException.ThrowIfNull(turn);
            _events.Writer.TryWrite(new ReplayProgressEvent("turnFinished", id, Turn: turn.Turn, Turns: turns, CompletionTokens: turn.CompletionTokens));
        }

        public void ProfileFinished(int index, int count, ProfileResult result)
        {
            ArgumentNullException.ThrowIfNull(result);
            _events.Writer.TryWrite(new ReplayProgressEvent("profileFinished", result.Id, Index: index, Count: count, Status: JsonNamingPolicy.CamelCase.ConvertName(result.Status.ToString())));
        }
    }
}
