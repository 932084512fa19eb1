using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine.Decoding;
using ModelScale.ChatHost.Engine.Decoding.Grammar;
using ModelScale.Profiles.Errors;

namespace ModelScale.ChatHost.Engine;

/// <summary>
/// How a Microsoft.Extensions.AI <see cref="ChatOptions"/> becomes the sampling of a local answer. The standard fields
/// (temperature, seed, top-p, top-k, the OpenAI penalties, the response format) are read where M.E.AI puts them; the
/// llama.cpp ones that ChatOptions has no field for travel in <see cref="ChatOptions.AdditionalProperties"/> under the
/// keys below.
/// </summary>
public static class ChatOptionsSampling
{
    /// <summary>A float: min-p.</summary>
    public const string MinP = "min_p";

    /// <summary>A float: llama.cpp's repeat penalty (1 is off).</summary>
    public const string RepeatPenalty = "repeat_penalty";

    /// <summary>An <c>IReadOnlyDictionary&lt;int, float&gt;</c>: token id to bias, OpenAI's logit_bias (-100 bans the token).</summary>
    public const string LogitBias = "logit_bias";

    /// <summary>The sampling for an answer; <paramref name="vocabSize"/> bounds the token ids of a logit bias.</summary>
    /// <exception cref="UnsupportedSchemaException">The response format's schema cannot be turned into a grammar.</exception>
    /// <exception cref="ModelScaleException">A logit bias names a token the model does not have.</exception>
    public static SamplingSettings From(ChatOptions? options, int vocabSize)
    {
        if (options is null)
        {
            return SamplingSettings.Greedy;
        }

        var extra = options.AdditionalProperties;
        IReadOnlyDictionary<int, float>? bias = null;
        if (extra?.TryGetValue(LogitBias, out var biasValue) == true && biasValue is IReadOnlyDictionary<int, float> biases)
        {
            foreach (var token in biases.Keys.Where(t => t < 0 || t >= vocabSize))
            {
                throw new ModelScaleException(ErrorKind.BadInput, $"'logit_bias' names token {token}, which this model does not have (its ids are 0 to {vocabSize - 1}).", code: "invalid_value", target: "logit_bias");
            }

            // OpenAI: -100 "should result in a ban"; a finite -100 on llama.cpp's logit scale does not always.
            bias = biases.ToDictionary(b => b.Key, b => b.Value <= -100 ? float.NegativeInfinity : b.Value);
        }

        return new SamplingSettings
        {
            Temperature = options.Temperature ?? 0f,
            Seed = options.Seed is { } seed ? unchecked((uint)seed) : SamplingDefaults.Seed,
            TopK = options.TopK,
            TopP = options.TopP,
            MinP = Float(extra, MinP),
            RepeatPenalty = Float(extra, RepeatPenalty),
            FrequencyPenalty = options.FrequencyPenalty,
            PresencePenalty = options.PresencePenalty,
            LogitBias = bias,
            Grammar = GrammarOf(options.ResponseFormat),
        };
    }

    /// <summary>The grammar a response format asks for: none for text, any object for JSON, the schema's for a schema.</summary>
    /// <exception cref="UnsupportedSchemaException">The schema cannot be turned into a grammar.</exception>
    public static GbnfGrammar? GrammarOf(ChatResponseFormat? format) => format switch
    {
        ChatResponseFormatJson { Schema: { } schema } => JsonSchemaGrammar.FromSchema(schema),
        ChatResponseFormatJson => JsonSchemaGrammar.AnyObject(),
        _ => null,
    };

    private static float? Float(AdditionalPropertiesDictionary? extra, string key) =>
        extra?.TryGetValue(key, out var value) == true
            ? value switch
            {
                float f => f,
                double d => (float)d,
                JsonElement { ValueKind: JsonValueKind.Number } e => e.GetSingle(),
                _ => null,
            }
            : null;
}
