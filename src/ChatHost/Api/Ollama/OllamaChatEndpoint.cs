using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ModelScale.ChatHost.Contracts.Ollama;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Sessions;

namespace ModelScale.ChatHost.Api.Ollama;

/// <summary>
/// POST /api/chat, as Ollama serves it: messages (with tool calls and tool results), streamed as NDJSON unless stream
/// is false; format, tools, options and keep_alive as <see cref="OllamaTurnInput"/> checks them. Without messages it
/// only loads the model (done_reason "load"), or with keep_alive 0 unloads it ("unload").
/// </summary>
public static class OllamaChatEndpoint
{
    public static async Task HandleAsync(
        HttpContext http,
        ProfileClients clients,
        IModelEngine engine,
        IOptions<ServeOptions> serve,
        IHostApplicationLifetime lifetime,
        TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(serve);
        ArgumentNullException.ThrowIfNull(lifetime);
        ArgumentNullException.ThrowIfNull(time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        await OllamaTurnEndpoint.HandleAsync<OllamaChatRequest>(http, clients, engine, serve.Value.MaxTokensLimit, time.GetUtcNow(), Check, Lines, stop.Token);
    }

    /// <summary>The turn a request asks for, or the first thing wrong with it.</summary>
    public static (OllamaTurn? Turn, OllamaFailure? Failure) Check(OllamaChatRequest request, int maxTokensLimit)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (OllamaFields.Check(request.Unread, "/api/chat") is { } unknown)
        {
            return (null, unknown);
        }

        var (messages, messageFailure) = OllamaMessages.From(request.Messages);
        if (messageFailure is not null)
        {
            return (null, messageFailure);
        }

        var (tools, toolFailure) = OllamaTools.From(request.Tools);
        if (toolFailure is not null)
        {
            return (null, toolFailure);
        }

        var (turn, failure) = OllamaTurnInput.From(request.Model, messages!, request.Stream, request.Format, request.KeepAlive, request.Options, request.Think, maxTokensLimit);
        if (turn is not null && tools is not null)
        {
            turn.Options.Options.Tools = tools;
            turn.Options.Options.ToolMode = Microsoft.Extensions.AI.ChatToolMode.Auto;
        }

        return (turn, failure);
    }

    /// <summary>The lines of a chat answer: the message piece by piece, and the last one with done and the timings.</summary>
    public static OllamaAnswer.Line Lines(string model, string createdAt) =>
        (text, calls, done) => done is null ? Line(model, createdAt, text, calls, false) : done.Fill(Line(model, createdAt, text, calls, true));

    private static OllamaChatResponse Line(string model, string createdAt, string text, IReadOnlyList<OllamaToolCall>? calls, bool done) => new()
    {
        Model = model,
        CreatedAt = createdAt,
        Message = new OllamaMessage { Role = "assistant", Content = text, ToolCalls = calls },
        Done = done,
    };
}
