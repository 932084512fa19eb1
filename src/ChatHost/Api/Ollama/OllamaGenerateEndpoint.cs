using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ModelScale.ChatHost.Contracts.Ollama;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Sessions;

namespace ModelScale.ChatHost.Api.Ollama;

/// <summary>
/// POST /api/generate, as Ollama serves it: the prompt (after the system prompt, when one is given) answered through the
/// model's chat template, streamed as NDJSON unless stream is false. raw, template, suffix, context and images are
/// refused by name: every answer here goes through the model's own template, and no model here reads images or fills
/// in the middle. Without a prompt it only loads the model, or with keep_alive 0 unloads it.
/// </summary>
public static class OllamaGenerateEndpoint
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
        await OllamaTurnEndpoint.HandleAsync<OllamaGenerateRequest>(http, clients, engine, serve.Value.MaxTokensLimit, time.GetUtcNow(), Check, Lines, stop.Token);
    }

    /// <summary>The turn a request asks for, or the first thing wrong with it.</summary>
    public static (OllamaTurn? Turn, OllamaFailure? Failure) Check(OllamaGenerateRequest request, int maxTokensLimit)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (OllamaFields.Check(request.Unread, "/api/generate") is { } unknown)
        {
            return (null, unknown);
        }

        if (request.Raw == true)
        {
            return (null, OllamaFailure.BadRequest("'raw' is not supported: every prompt here goes through the model's own chat template; leave raw out or set it to false."));
        }

        if (!string.IsNullOrEmpty(request.Template))
        {
            return (null, OllamaFailure.BadRequest("'template' is not supported: a profile's template is set in the catalog (its chatTemplate); leave the field out."));
        }

        if (!string.IsNullOrEmpty(request.Suffix))
        {
            return (null, OllamaFailure.BadRequest("'suffix' is not supported: no model on this server is set up to fill in the middle."));
        }

        if (OllamaFields.AsksFor(request.Context))
        {
            return (null, OllamaFailure.BadRequest("'context' is not supported: send the conversation as messages to /api/chat instead."));
        }

        if (OllamaFields.AsksFor(request.Images))
        {
            return (null, OllamaFailure.BadRequest("'images': no model on this server reads images; send text only."));
        }

        var messages = new List<ChatMessage>();
        if (!string.IsNullOrEmpty(request.Prompt))
        {
            if (!string.IsNullOrEmpty(request.System))
            {
                messages.Add(new ChatMessage(ChatRole.System, request.System));
            }

            messages.Add(new ChatMessage(ChatRole.User, request.Prompt));
        }

        return OllamaTurnInput.From(request.Model, messages, request.Stream, request.Format, request.KeepAlive, request.Options, request.Think, maxTokensLimit);
    }

    /// <summary>The lines of a generation: the response piece by piece, and the last one with done and the timings.</summary>
    public static OllamaAnswer.Line Lines(string model, string createdAt) =>
        (text, _, done) => done is null ? Line(model, createdAt, text, false) : done.Fill(Line(model, createdAt, text, true));

    private static OllamaGenerateResponse Line(string model, string createdAt, string text, bool done) => new()
    {
        Model = model,
        CreatedAt = createdAt,
        Response = text,
        Done = done,
    };
}
