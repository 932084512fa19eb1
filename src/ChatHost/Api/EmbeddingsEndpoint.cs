using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using ModelScale.ChatHost.Contracts;
using ModelScale.ChatHost.Sessions;

namespace ModelScale.ChatHost.Api;

/// <summary>
/// POST /v1/embeddings, as OpenAI serves it: input is a string or an array of strings, each embedded by llama.cpp's
/// mean pooling on the profile's model; encoding_format float or base64. Every other field is refused by name.
/// </summary>
public static class EmbeddingsEndpoint
{
    /// <summary>The most inputs one request may hold (OpenAI's limit).</summary>
    public const int MostInputs = 2048;

    public static async Task<IResult> HandleAsync(HttpContext http, ProfileClients clients, IHostApplicationLifetime lifetime)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(lifetime);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var (request, failure) = await JsonBody.ReadAsync<EmbeddingRequest>(http.Request, OpenAiJson.Options, stop.Token);
        if (request is null)
        {
            return failure!.ToResult();
        }

        var (inputs, base64, refusal) = Check(request);
        if (refusal is not null)
        {
            return refusal.ToResult();
        }

        var generator = await clients.EmbeddingsForAsync(request.Model!, stop.Token);
        var embeddings = await generator.GenerateAsync(inputs!, cancellationToken: stop.Token);
        var tokens = (int)(embeddings.Usage?.InputTokenCount ?? 0);
        var data = embeddings.Select((e, i) => new EmbeddingItem(i, base64 ? Base64(e.Vector) : e.Vector.ToArray())).ToList();
        return Results.Json(new EmbeddingList(data, request.Model!, new EmbeddingUsage(tokens, tokens)), OpenAiJson.Options);
    }

    /// <summary>The inputs and whether base64 is asked for, or the refusal that names the field.</summary>
    public static (IReadOnlyList<string>? Inputs, bool Base64, ApiFailure? Failure) Check(EmbeddingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Unread is { Count: > 0 } unread)
        {
            var name = unread.Keys.First();
            return (null, false, ApiFailure.BadRequest($"Unrecognized request argument supplied: {name}", name, "unsupported_parameter"));
        }

        if (request.Dimensions is not null)
        {
            return (null, false, ApiFailure.BadRequest(
                "'dimensions' is not supported: the vectors have the model's own size, and llama.cpp's embeddings cannot be shortened; leave the field out.",
                "dimensions",
                "unsupported_parameter"));
        }

        if (string.IsNullOrWhiteSpace(request.Model))
        {
            return (null, false, ApiFailure.BadRequest("'model' is required: a profile id from GET /v1/models.", "model"));
        }

        var base64 = request.EncodingFormat switch
        {
            null or "float" => false,
            "base64" => true,
            _ => (bool?)null,
        };
        if (base64 is null)
        {
            return (null, false, ApiFailure.BadRequest($"'encoding_format' is 'float' or 'base64', not '{request.EncodingFormat}'.", "encoding_format"));
        }

        var (inputs, error) = Inputs(request.Input);
        return error is null ? (inputs, base64.Value, null) : (null, false, ApiFailure.BadRequest(error, "input"));
    }

    private static (IReadOnlyList<string>? Inputs, string? Error) Inputs(JsonElement? input)
    {
        if (input is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            return (null, "'input' is required: a string or an array of strings.");
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString()!.Length == 0 ? (null, "'input' cannot be an empty string.") : ([value.GetString()!], null);
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return (null, "'input' must be a string or an array of strings.");
        }

        var count = value.GetArrayLength();
        if (count == 0 || count > MostInputs)
        {
            return (null, $"'input' holds 1 to {MostInputs} strings; it holds {count}.");
        }

        var inputs = new List<string>(count);
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind is JsonValueKind.Number or JsonValueKind.Array)
            {
                return (null, "'input' as token ids is not supported (token ids differ from model to model); send text.");
            }

            if (item.ValueKind != JsonValueKind.String || item.GetString()!.Length == 0)
            {
                return (null, $"'input[{inputs.Count}]' must be a non-empty string.");
            }

            inputs.Add(item.GetString()!);
        }

        return (inputs, null);
    }

    private static string Base64(ReadOnlyMemory<float> vector)
    {
        var bytes = MemoryMarshal.AsBytes(vector.Span).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            for (var i = 0; i < bytes.Length; i += 4)
            {
                Array.Reverse(bytes, i, 4);
            }
        }

        return Convert.ToBase64String(bytes);
    }
}
