using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Contracts;
using ModelScale.ChatHost.Engine;

namespace ModelScale.ChatHost.Api;

/// <summary>
/// The sampling fields of a chat completion request, checked against their ranges and put where the engine reads
/// them: ChatOptions' own fields for the OpenAI ones, <see cref="ChatOptions.AdditionalProperties"/> for llama.cpp's.
/// </summary>
public static class ChatCompletionSampling
{
    /// <summary>Options with the sampling fields set; or the first field out of range.</summary>
    public static (ChatOptions? Options, ApiFailure? Failure) From(ChatCompletionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = new ChatOptions();
        var failure = Range("top_p", request.TopP, 0, 1) ?? Range("min_p", request.MinP, 0, 1)
            ?? Range("frequency_penalty", request.FrequencyPenalty, -2, 2) ?? Range("presence_penalty", request.PresencePenalty, -2, 2)
            ?? Range("repeat_penalty", request.RepeatPenalty, 0, 10);
        if (failure is not null)
        {
            return (null, failure);
        }

        if (request.TopK is < 0)
        {
            return (null, ApiFailure.BadRequest("'top_k' must be 0 (off) or a positive number.", "top_k"));
        }

        options.TopP = request.TopP;
        options.TopK = request.TopK;
        options.FrequencyPenalty = request.FrequencyPenalty;
        options.PresencePenalty = request.PresencePenalty;
        var extra = new AdditionalPropertiesDictionary();
        if (request.MinP is { } minP)
        {
            extra[ChatOptionsSampling.MinP] = minP;
        }

        if (request.RepeatPenalty is { } repeat)
        {
            extra[ChatOptionsSampling.RepeatPenalty] = repeat;
        }

        if (request.LogitBias is { ValueKind: not JsonValueKind.Null } bias)
        {
            var (biases, biasFailure) = LogitBias(bias);
            if (biasFailure is not null)
            {
                return (null, biasFailure);
            }

            if (biases!.Count > 0)
            {
                extra[ChatOptionsSampling.LogitBias] = biases;
            }
        }

        var (logprobs, logprobsFailure) = Logprobs(request);
        if (logprobsFailure is not null)
        {
            return (null, logprobsFailure);
        }

        if (logprobs is { } alternatives)
        {
            extra[ChatLogprobs.OptionKey] = alternatives;
        }

        options.AdditionalProperties = extra.Count > 0 ? extra : null;
        return (options, null);
    }

    /// <summary>The fields a remote tier would not honour: llama.cpp's own, and token ids of this server's models.</summary>
    public static IReadOnlyList<string> LocalOnlyFields(ChatCompletionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var fields = new List<string>();
        if (request.TopK is not null)
        {
            fields.Add("top_k");
        }

        if (request.MinP is not null)
        {
            fields.Add("min_p");
        }

        if (request.RepeatPenalty is not null)
        {
            fields.Add("repeat_penalty");
        }

        if (request.LogitBias is { ValueKind: JsonValueKind.Object } bias && bias.EnumerateObject().Any())
        {
            fields.Add("logit_bias");
        }

        if (request.Logprobs == true)
        {
            fields.Add("logprobs");
        }

        return fields;
    }

    /// <summary>
    /// How many alternatives each token lists when logprobs are asked for (null when they are not); top_logprobs is
    /// 0 to 20 and needs logprobs: true, as OpenAI has it.
    /// </summary>
    private static (int? Alternatives, ApiFailure? Failure) Logprobs(ChatCompletionRequest request)
    {
        if (request.TopLogprobs is { } top)
        {
            if (top is < 0 or > ChatLogprobs.MostAlternatives)
            {
                return (null, ApiFailure.BadRequest($"'top_logprobs' must be an integer between 0 and {ChatLogprobs.MostAlternatives}; it is {top}.", "top_logprobs"));
            }

            if (request.Logprobs != true)
            {
                return (null, ApiFailure.BadRequest("'top_logprobs' needs 'logprobs' set to true.", "top_logprobs"));
            }
        }

        return (request.Logprobs == true ? request.TopLogprobs ?? 0 : null, null);
    }

    private static ApiFailure? Range(string name, float? value, float min, float max) =>
        value is { } v && (!float.IsFinite(v) || v < min || v > max)
            ? ApiFailure.BadRequest($"'{name}' must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}.", name)
            : null;

    private static (Dictionary<int, float>? Biases, ApiFailure? Failure) LogitBias(JsonElement bias)
    {
        if (bias.ValueKind != JsonValueKind.Object)
        {
            return (null, ApiFailure.BadRequest("'logit_bias' must be an object from token ids to numbers between -100 and 100.", "logit_bias", "invalid_type"));
        }

        var biases = new Dictionary<int, float>();
        foreach (var entry in bias.EnumerateObject())
        {
            if (!int.TryParse(entry.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var token))
            {
                return (null, ApiFailure.BadRequest($"'logit_bias' key '{entry.Name}' is not a token id (a non-negative integer).", "logit_bias"));
            }

            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetSingle(out var value) || value < -100 || value > 100)
            {
                return (null, ApiFailure.BadRequest($"'logit_bias' for token {token} must be a number between -100 and 100.", "logit_bias"));
            }

            biases[token] = value;
        }

        return (biases, null);
    }
}
