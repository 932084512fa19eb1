using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Http;
using ModelScale.ChatHost.Contracts.Ollama;
using ModelScale.ChatHost.Engine;
using ModelScale.Profiles.Gguf;

namespace ModelScale.ChatHost.Api.Ollama;

/// <summary>
/// GET /api/tags (the models on disk), POST /api/show (one model's template, parameters, GGUF metadata and
/// capabilities), GET /api/ps (the models in memory) and GET /api/version, shaped as Ollama's.
/// </summary>
public static class OllamaModelEndpoints
{
    /// <summary>The Ollama release whose API these endpoints follow; clients read it to decide which features to use.</summary>
    public const string OllamaApiVersion = "0.12.6";

    /// <summary>Metadata arrays longer than this (the vocabulary, merges) are listed in /api/show only when verbose, as Ollama does.</summary>
    private const int ShortArray = 64;

    public static IResult Tags(OllamaModelFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return Results.Json(new OllamaModelList([.. facts.OnDisk().Select(Entry)]), OllamaJson.Options);
    }

    public static IResult Version()
    {
        // "0.1.0+commit": the version without the build's commit.
        var informational = typeof(OllamaModelEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var version = informational?.Split('+')[0] is { Length: > 0 } v ? v : "unknown";
        return Results.Json(new OllamaVersion(OllamaApiVersion, version), OllamaJson.Options);
    }

    public static IResult Running(IModelEngine engine, OllamaModelFacts facts, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow();
        var running = new List<OllamaRunningModel>();
        foreach (var model in ResidentModels.Of(engine, time))
        {
            var file = facts.Find(model.Id);
            var details = file?.Details ?? new OllamaModelDetails(string.Empty, "gguf", "unknown", ["unknown"], "unknown", "unknown");

            // A model kept until evicted expires Go's longest duration from now, as Ollama's does (about 292 years); an
            // in-use model expires its keep-alive after its answer.
            var expires = now + (model.KeepAlive is { } keepAlive ? keepAlive - model.IdleFor : OllamaKeepAlive.Forever);
            running.Add(new OllamaRunningModel(
                OllamaNames.Of(model.Id),
                OllamaNames.Of(model.Id),
                model.SizeBytes,
                file?.Digest ?? string.Empty,
                details,
                OllamaTime.Format(expires),
                model.GpuBytes,
                model.ContextLength));
        }

        return Results.Json(new OllamaRunningList(running), OllamaJson.Options);
    }

    public static async Task<IResult> ShowAsync(HttpContext http, OllamaModelFacts facts)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(facts);
        var (request, failure) = await JsonBody.ReadAsync<OllamaShowRequest>(http.Request, OllamaJson.Options, http.RequestAborted);
        if (request is null)
        {
            return OllamaFailure.From(failure!).ToResult();
        }

        if (OllamaFields.Check(request.Unread, "/api/show") is { } unknown)
        {
            return unknown.ToResult();
        }

        var name = request.Model ?? request.Name;
        if (string.IsNullOrWhiteSpace(name))
        {
            return OllamaFailure.BadRequest("model is required: a name from GET /api/tags.").ToResult();
        }

        if (OllamaNames.ProfileId(name) is not { } id || facts.Find(id) is not { } file)
        {
            return OllamaFailure.ModelNotFound(name).ToResult();
        }

        var template = file.Profile.ChatTemplate ?? file.Header.ChatTemplate ?? string.Empty;
        var context = ProfileHeaders.DefaultContext(file.Profile, file.Header);
        var parameters = string.Create(CultureInfo.InvariantCulture, $"num_ctx {context}\ntemperature {OllamaModelOptions.DefaultTemperature}");
        var modelfile = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"# The profile '{file.Profile.Id}' of this server's catalog ({file.Profile.DisplayName}).")
            .AppendLine(CultureInfo.InvariantCulture, $"FROM {file.Path}")
            .AppendLine(template.Length > 0 ? $"TEMPLATE \"\"\"{template}\"\"\"" : "# TEMPLATE: none; the server's fallback chat format is used")
            .AppendLine(CultureInfo.InvariantCulture, $"PARAMETER num_ctx {context}")
            .ToString();
        return Results.Json(
            new OllamaShowResponse(modelfile, parameters, template, file.Details, ModelInfo(file.Header, request.Verbose == true), OllamaCapabilities.Of(file.Header), OllamaTime.Format(file.ModifiedAt), file.Profile.License),
            OllamaJson.Options);
    }

    private static OllamaModelEntry Entry(OllamaModelFile file) =>
        new(OllamaNames.Of(file.Profile.Id), OllamaNames.Of(file.Profile.Id), OllamaTime.Format(file.ModifiedAt), file.Size, file.Digest, file.Details);

    /// <summary>The GGUF metadata, as Ollama's model_info: every key with its value, long arrays only when verbose.</summary>
    private static Dictionary<string, object?> ModelInfo(GgufFile header, bool verbose)
    {
        var info = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in header.Metadata)
        {
            if (key == "tokenizer.chat_template")
            {
                // /api/show has it as "template".
                continue;
            }

            info[key] = value.Value is GgufArray { Count: > ShortArray } && !verbose ? null : Plain(value.Value);
        }

        info["general.parameter_count"] = header.ParameterCount;
        return new Dictionary<string, object?>(info, StringComparer.Ordinal);
    }

    private static object Plain(object value) => value is GgufArray array ? array.Items.Select(Plain).ToArray() : value;
}
