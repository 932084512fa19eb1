using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine;

namespace ModelScale.ChatHost.Api.Ollama;

/// <summary>
/// Ollama's "options" of a chat or generation, checked and put where the engine reads them. Every option is honoured
/// or refused by name: num_ctx (the context the model is loaded with), num_predict, temperature, top_p, top_k, min_p,
/// seed, stop, repeat_penalty, presence_penalty and frequency_penalty are honoured; the ones that would tune llama.cpp's
/// loading or a sampler this server does not run are refused, as is any name Ollama does not know.
/// </summary>
public sealed record OllamaModelOptions(ChatOptions Options, int? NumCtx, long Seed, IReadOnlyList<string> LocalOnly)
{
    /// <summary>Ollama's default temperature, used when the request names none.</summary>
    public const float DefaultTemperature = 0.8f;

    /// <summary>Ollama options this server does not honour, each with why.</summary>
    private static readonly Dictionary<string, string> Refused = new(StringComparer.Ordinal)
    {
        ["num_keep"] = "this server keeps no prompt tokens apart when the context is full; it leaves out whole old messages instead",
        ["typical_p"] = "locally typical sampling is not one of this server's samplers",
        ["repeat_last_n"] = "the repeat penalty here looks at the whole answer, not a window of the last tokens",
        ["mirostat"] = "Mirostat sampling is not one of this server's samplers",
        ["mirostat_tau"] = "Mirostat sampling is not one of this server's samplers",
        ["mirostat_eta"] = "Mirostat sampling is not one of this server's samplers",
        ["tfs_z"] = "tail-free sampling is not one of this server's samplers",
        ["penalize_newline"] = "this server has no newline penalty",
        ["num_batch"] = "the batch size is the server's (serve --batch)",
        ["num_gpu"] = "the memory plan decides the GPU layers (serve --gpu-layers)",
        ["main_gpu"] = "the memory plan decides the GPUs",
        ["num_thread"] = "the thread count is the server's (serve --threads)",
        ["use_mmap"] = "how models are mapped is the server's choice",
        ["use_mlock"] = "how models are mapped is the server's choice",
        ["numa"] = "NUMA placement is the server's choice",
        ["low_vram"] = "the memory plan decides what goes on the GPU",
        ["f16_kv"] = "the KV cache type is the server's (serve --kv-cache)",
        ["vocab_only"] = "a model is loaded whole to answer",
        ["logits_all"] = "this server keeps no logits of the prompt",
        ["num_gqa"] = "the attention layout comes from the model file",
    };

    /// <summary>
    /// The options, or the first one that cannot be honoured. <paramref name="maxTokensLimit"/> caps num_predict and is
    /// what num_predict -1 (no limit) and -2 (fill the context) mean here.
    /// </summary>
    public static (OllamaModelOptions? Options, OllamaFailure? Failure) From(IReadOnlyDictionary<string, JsonElement>? options, int maxTokensLimit)
    {
        var chat = new ChatOptions { Temperature = DefaultTemperature, MaxOutputTokens = maxTokensLimit };
        var extra = new AdditionalPropertiesDictionary();
        var localOnly = new List<string>();
        int? numCtx = null;
        long? seed = null;
        foreach (var (name, value) in options ?? new Dictionary<string, JsonElement>())
        {
            if (value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            OllamaFailure? failure = null;
            switch (name)
            {
                case "num_ctx":
                    failure = Integer(name, value, out var ctx) ?? (ctx < EngineContextMinimum ? Fail($"'options.num_ctx' must be at least {EngineContextMinimum}.") : null);
                    numCtx = (int)ctx;
                    localOnly.Add(name);
                    break;
                case "num_predict":
                    failure = Integer(name, value, out var predict);
                    if (failure is null)
                    {
                        if (predict is -1 or -2)
                        {
                            chat.MaxOutputTokens = maxTokensLimit;
                        }
                        else if (predict <= 0)
                        {
                            failure = Fail("'options.num_predict' must be a positive number of tokens, or -1 (no limit) or -2 (fill the context).");
                        }
                        else if (predict > maxTokensLimit)
                        {
                            failure = Fail($"'options.num_predict' is {predict}, more than this server's limit of {maxTokensLimit}.");
                        }
                        else
                        {
                            chat.MaxOutputTokens = (int)predict;
                        }
                    }

                    break;
                case "temperature":
                    failure = Number(name, value, 0, 2, out var temperature);
                    chat.Temperature = temperature;
                    break;
                case "top_p":
                    failure = Number(name, value, 0, 1, out var topP);
                    chat.TopP = topP;
                    break;
                case "top_k":
                    failure = Integer(name, value, out var topK) ?? (topK < 0 ? Fail("'options.top_k' must be 0 (off) or a positive number.") : null);
                    chat.TopK = (int)topK;
                    localOnly.Add(name);
                    break;
                case "min_p":
                    failure = Number(name, value, 0, 1, out var minP);
                    extra[ChatOptionsSampling.MinP] = minP;
                    localOnly.Add(name);
                    break;
                case "repeat_penalty":
                    failure = Number(name, value, 0, 10, out var repeat);
                    extra[ChatOptionsSampling.RepeatPenalty] = repeat;
                    localOnly.Add(name);
                    break;
                case "presence_penalty":
                    failure = Number(name, value, -2, 2, out var presence);
                    chat.PresencePenalty = presence;
                    break;
                case "frequency_penalty":
                    failure = Number(name, value, -2, 2, out var frequency);
                    chat.FrequencyPenalty = frequency;
                    break;
                case "seed":
                    failure = Integer(name, value, out var s, -1, uint.MaxValue);

                    // Ollama's -1 (its default) is a random seed.
                    seed = s < 0 ? null : s;
                    break;
                case "stop":
                    var (stops, stopFailure) = Stops(value);
                    failure = stopFailure;
                    chat.StopSequences = stops;
                    break;
                default:
                    failure = Refused.TryGetValue(name, out var why)
                        ? Fail($"'options.{name}' is not supported by this server: {why}; leave it out.")
                        : Fail($"'options.{name}' is not an option this server knows; the options are num_ctx, num_predict, temperature, top_p, top_k, min_p, seed, stop, repeat_penalty, presence_penalty and frequency_penalty.");
                    break;
            }

            if (failure is not null)
            {
                return (null, failure);
            }
        }

        // Without a seed every answer would be the same: draw one (Ollama's default is random too).
        var used = seed ?? Random.Shared.NextInt64(0, uint.MaxValue + 1L);
        chat.Seed = used;
        chat.AdditionalProperties = extra.Count > 0 ? extra : null;
        return (new OllamaModelOptions(chat, numCtx, used, localOnly), null);
    }

    /// <summary>The shortest context a model may be loaded with (the engine's floor).</summary>
    private const int EngineContextMinimum = 16;

    private static OllamaFailure Fail(string message) => OllamaFailure.BadRequest(message);

    private static OllamaFailure? Integer(string name, JsonElement value, out long result, long min = int.MinValue, long max = int.MaxValue)
    {
        result = 0;
        if (value.ValueKind != JsonValueKind.Number)
        {
            return Fail($"'options.{name}' must be an integer.");
        }

        if (!value.TryGetInt64(out result))
        {
            // Go's JSON decoder takes 4.0 for an int; so does this.
            if (!value.TryGetDouble(out var d) || d != Math.Floor(d) || Math.Abs(d) > 1e15)
            {
                return Fail($"'options.{name}' must be an integer.");
            }

            result = (long)d;
        }

        return result < min || result > max
            ? Fail($"'options.{name}' must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}.")
            : null;
    }

    private static OllamaFailure? Number(string name, JsonElement value, float min, float max, out float result)
    {
        result = 0;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetSingle(out result) || !float.IsFinite(result))
        {
            return Fail($"'options.{name}' must be a number.");
        }

        return result < min || result > max
            ? Fail($"'options.{name}' must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}.")
            : null;
    }

    private static (List<string>? Stops, OllamaFailure? Failure) Stops(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return JsonText.Read(value) is { } one ? (one.Length == 0 ? null : [one], null) : (null, Fail("'options.stop' is not valid text."));
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            return (null, Fail("'options.stop' must be a string or an array of strings."));
        }

        var stops = new List<string>();
        foreach (var element in value.EnumerateArray())
        {
            if (JsonText.Read(element) is not { } text)
            {
                return (null, Fail("'options.stop' is not valid text."));
            }

            if (text.Length > 0)
            {
                stops.Add(text);
            }
        }

        return (stops.Count == 0 ? null : stops, null);
    }
}
