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
/// model's chat template, or with raw: true given to the model as it is; streamed as NDJSON unless stream is false.
/// As in Ollama, raw takes no system prompt or context. suffix fills in the middle between prompt and suffix with the
/// model's FIM tokens, as llama.cpp's /infill does (a model without them refuses it by name). template, context and
/// images are refused by name: no Go template runs here, no model here reads images, and the conversation belongs in
/// /api/chat. Without a prompt (and suffix) it only loads the model, or with keep_alive 0 unloads it.
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

        if (!string.IsNullOrEmpty(request.Template))
        {
            return (null, OllamaFailure.BadRequest(
                "'template' is not supported: Ollama's templates are Go templates, which this server does not run; the prompt is framed by the model's own chat template (or its profile's chatTemplate). To frame it yourself, send it formatted with raw: true."));
        }

        if (OllamaFields.AsksFor(request.Context))
        {
            return (null, OllamaFailure.BadRequest(request.Raw == true
                ? "'context' cannot be used with raw (nor is it supported otherwise): put the earlier text into the raw prompt itself."
                : "'context' is not supported: send the conversation as messages to /api/chat instead."));
        }

        if (OllamaFields.AsksFor(request.Images))
        {
            return (null, OllamaFailure.BadRequest("'images': no model on this server reads images; send text only."));
        }

        var raw = request.Raw == true;
        if (raw && !string.IsNullOrEmpty(request.System))
        {
            return (null, OllamaFailure.BadRequest("'system' cannot be used with raw: a raw prompt goes to the model as it is, without a template to put a system prompt in; write it into the prompt yourself, or leave raw out."));
        }

        var suffix = string.IsNullOrEmpty(request.Suffix) ? null : request.Suffix;
        if (suffix is not null && (raw || !string.IsNullOrEmpty(request.System)))
        {
            return (null, OllamaFailure.BadRequest(raw
                ? "'suffix' cannot be used with raw: a raw prompt is given to the model as it is, so a suffix would be left out; write the fill-in-the-middle prompt yourself, or leave raw out."
                : "'system' cannot be used with suffix: a fill-in-the-middle prompt is the text before and after the gap, with no place for a system prompt; leave system out."));
        }

        var messages = new List<ChatMessage>();
        if (suffix is not null)
        {
            // The text before the gap (it may be empty: the gap is then at the start).
            messages.Add(new ChatMessage(ChatRole.User, request.Prompt ?? string.Empty));
        }
        else if (!string.IsNullOrEmpty(request.Prompt))
        {
            if (!string.IsNullOrEmpty(request.System))
            {
                messages.Add(new ChatMessage(ChatRole.System, request.System));
            }

            messages.Add(new ChatMessage(ChatRole.User, request.Prompt));
        }

        var (turn, failure) = OllamaTurnInput.From(request.Model, messages, request.Stream, request.Format, request.KeepAlive, request.Options, request.Think, maxTokensLimit);
        if (turn is null || !(raw || suffix is not null))
        {
            return (turn, failure);
        }

        // The engine's raw path: the prompt's text as it is (BOS when the model wants one, special tokens parsed), or with
        // a suffix the model's FIM tokens around the two texts; no template and none of its stop markers, while the
        // options' stop sequences still apply.
        var properties = turn.Options.Options.AdditionalProperties ??= [];
        properties[RawPrompt.OptionKey] = true;
        if (suffix is not null)
        {
            properties[RawPrompt.SuffixKey] = suffix;
        }

        return (turn with { RawBy = raw ? "raw" : "suffix" }, null);
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
