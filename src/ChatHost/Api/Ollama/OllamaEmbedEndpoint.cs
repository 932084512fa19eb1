using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Hosting;
using ModelScale.ChatHost.Contracts.Ollama;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Sessions;

namespace ModelScale.ChatHost.Api.Ollama;

/// <summary>
/// POST /api/embed, as Ollama serves it: input is a string or an array of strings, each embedded by llama.cpp's mean
/// pooling and scaled to length 1. dimensions and options are refused by name. An input longer than the model's
/// embedding window is cut to it, as Ollama does, unless truncate is false: then it is a 400 naming the limit.
/// keep_alive sets how long the model stays loaded afterwards (0: it is unloaded once the vectors are made).
/// </summary>
public static class OllamaEmbedEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, ProfileClients clients, IModelEngine engine, IHostApplicationLifetime lifetime)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(lifetime);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var clock = Stopwatch.StartNew();
        var (request, bodyFailure) = await JsonBody.ReadAsync<OllamaEmbedRequest>(http.Request, OllamaJson.Options, stop.Token);
        if (request is null)
        {
            return OllamaFailure.From(bodyFailure!).ToResult();
        }

        var (id, inputs, keepAlive, failure) = Check(request);
        if (failure is not null)
        {
            return failure.ToResult();
        }

        // Loaded first when it is not resident, so that load_duration is the load's own time. With keep_alive 0 the
        // load keeps the model's own keep-alive, so that it is still there for the embedding, which then unloads it.
        var load = TimeSpan.Zero;
        if (!ResidentModels.Of(engine).Any(m => m.Id == id))
        {
            var loading = Stopwatch.StartNew();
            await clients.LoadAsync(id!, keepAlive: keepAlive is { UnloadsWhenIdle: true } ? null : keepAlive, cancellationToken: stop.Token);
            load = loading.Elapsed;
        }

        var generator = await clients.EmbeddingsForAsync(id!, stop.Token);
        var embeddings = await generator.GenerateAsync(inputs!, Options(keepAlive, truncate: request.Truncate ?? true), stop.Token);
        var tokens = (int)(embeddings.Usage?.InputTokenCount ?? 0);
        return Results.Json(
            new OllamaEmbedResponse(request.Model!.Trim(), [.. embeddings.Select(e => e.Vector.ToArray())], clock.Elapsed.Ticks * 100, load.Ticks * 100, tokens),
            OllamaJson.Options);
    }

    /// <summary>POST /api/embeddings, the older route: {model, prompt} to {embedding}, checked as /api/embed checks one input.</summary>
    public static async Task<IResult> HandleLegacyAsync(HttpContext http, ProfileClients clients, IHostApplicationLifetime lifetime)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(lifetime);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var (request, bodyFailure) = await JsonBody.ReadAsync<OllamaLegacyEmbedRequest>(http.Request, OllamaJson.Options, stop.Token);
        if (request is null)
        {
            return OllamaFailure.From(bodyFailure!).ToResult();
        }

        if (OllamaFields.Check(request.Unread, "/api/embeddings") is { } unknown)
        {
            return unknown.ToResult();
        }

        var (id, inputs, keepAlive, failure) = Check(new OllamaEmbedRequest
        {
            Model = request.Model,
            Input = JsonSerializer.SerializeToElement(request.Prompt),
            KeepAlive = request.KeepAlive,
            Options = request.Options,
        });
        if (failure is not null)
        {
            return (failure with { Message = failure.Message.Replace("'input'", "'prompt'", StringComparison.Ordinal) }).ToResult();
        }

        var generator = await clients.EmbeddingsForAsync(id!, stop.Token);
        var embeddings = await generator.GenerateAsync(inputs!, Options(keepAlive, truncate: false), stop.Token);
        return Results.Json(new OllamaLegacyEmbedResponse(embeddings[0].Vector.ToArray()), OllamaJson.Options);
    }

    /// <summary>The keep-alive asked for (as the engine takes it with the embedding's lease) and whether to cut long inputs.</summary>
    private static EmbeddingGenerationOptions Options(ModelKeepAlive? keepAlive, bool truncate)
    {
        var options = new EmbeddingGenerationOptions { AdditionalProperties = new() { [LeasedEmbeddingGenerator.TruncateOptionKey] = truncate } };
        if (keepAlive is not null)
        {
            options.AdditionalProperties[ModelKeepAlive.OptionKey] = keepAlive;
        }

        return options;
    }

    /// <summary>The profile, the inputs and keep_alive, or the first thing wrong with the request.</summary>
    public static (string? ProfileId, IReadOnlyList<string>? Inputs, ModelKeepAlive? KeepAlive, OllamaFailure? Failure) Check(OllamaEmbedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (OllamaFields.Check(request.Unread, "/api/embed") is { } unknown)
        {
            return (null, null, null, unknown);
        }

        if (request.Dimensions is not null)
        {
            return Fail("'dimensions' is not supported: the vectors have the model's own size, and llama.cpp's embeddings cannot be shortened; leave the field out.");
        }

        if (request.Options is { Count: > 0 } options)
        {
            return Fail($"'options.{options.Keys.First()}' is not supported by /api/embed: embeddings take no sampling or loading options here.");
        }

        if (string.IsNullOrWhiteSpace(request.Model))
        {
            return Fail("model is required: a name from GET /api/tags.");
        }

        if (OllamaNames.ProfileId(request.Model) is not { Length: > 0 } id)
        {
            return (null, null, null, OllamaFailure.ModelNotFound(request.Model));
        }

        var (keepAlive, keepFailure) = OllamaKeepAlive.From(request.KeepAlive);
        if (keepFailure is not null)
        {
            return (null, null, null, keepFailure);
        }

        var (inputs, error) = Inputs(request.Input);
        return error is null ? (id, inputs, keepAlive, null) : Fail(error);
    }

    private static (IReadOnlyList<string>? Inputs, string? Error) Inputs(JsonElement? input)
    {
        if (input is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            return (null, "'input' is required: a string or an array of strings.");
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return JsonText.Read(value) is { Length: > 0 } one ? ([one], null) : (null, "'input' must be non-empty, valid text.");
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return (null, "'input' must be a string or an array of strings.");
        }

        var count = value.GetArrayLength();
        if (count == 0 || count > EmbeddingsEndpoint.MostInputs)
        {
            return (null, $"'input' holds 1 to {EmbeddingsEndpoint.MostInputs} strings; it holds {count}.");
        }

        var inputs = new List<string>(count);
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || JsonText.Read(item) is not { Length: > 0 } text)
            {
                return (null, $"'input[{inputs.Count}]' must be a non-empty string.");
            }

            inputs.Add(text);
        }

        return (inputs, null);
    }

    private static (string?, IReadOnlyList<string>?, ModelKeepAlive?, OllamaFailure?) Fail(string message) => (null, null, null, OllamaFailure.BadRequest(message));
}
