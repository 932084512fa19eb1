using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine.Decoding;

namespace ModelScale.ChatHost.Engine;

/// <summary>
/// How log probabilities travel through Microsoft.Extensions.AI: asked for with an int under <see cref="OptionKey"/> in
/// <see cref="ChatOptions.AdditionalProperties"/> (how many alternatives each token names, 0 to
/// <see cref="ProbingSamplingPipeline.MostAlternatives"/>; absent: none are computed), and answered on each
/// <see cref="ChatResponseUpdate"/> under <see cref="PropertyKey"/>, for the tokens whose text starts in that update.
/// </summary>
public static class ChatLogprobs
{
    /// <summary>The most alternatives one token can list (OpenAI's limit for top_logprobs).</summary>
    public const int MostAlternatives = ProbingSamplingPipeline.MostAlternatives;

    /// <summary>The option: an int, the alternatives per token (OpenAI's top_logprobs; present means logprobs: true).</summary>
    public const string OptionKey = "logprobs";

    /// <summary>The update's property: an <c>IReadOnlyList&lt;TokenLogprob&gt;</c>.</summary>
    public const string PropertyKey = "modelscale.logprobs";

    /// <summary>How many alternatives the options ask for; null when they ask for no logprobs.</summary>
    public static int? Requested(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(OptionKey, out var value) == true
            ? value switch
            {
                int n => Math.Clamp(n, 0, ProbingSamplingPipeline.MostAlternatives),
                long n => (int)Math.Clamp(n, 0, ProbingSamplingPipeline.MostAlternatives),
                JsonElement { ValueKind: JsonValueKind.Number } e when e.TryGetInt32(out var n) => Math.Clamp(n, 0, ProbingSamplingPipeline.MostAlternatives),
                _ => null,
            }
            : null;

    /// <summary>The tokens an update describes; null when it carries none.</summary>
    public static IReadOnlyList<TokenLogprob>? From(ChatResponseUpdate update) =>
        update?.AdditionalProperties is { } props && props.TryGetValue(PropertyKey, out var value) ? value as IReadOnlyList<TokenLogprob> : null;

    /// <summary>All the tokens a collected response describes (see <see cref="StreamedAnswer"/>); null when it carries none.</summary>
    public static IReadOnlyList<TokenLogprob>? From(ChatResponse response) =>
        response?.AdditionalProperties is { } props && props.TryGetValue(PropertyKey, out var value) ? value as IReadOnlyList<TokenLogprob> : null;

    /// <summary>Keeps the logprobs of tokens whose text is held back (a tool-call parser deciding).</summary>
    public static void Hold(ref List<TokenLogprob>? held, IReadOnlyList<TokenLogprob>? logprobs)
    {
        if (logprobs is { Count: > 0 })
        {
            (held ??= []).AddRange(logprobs);
        }
    }

    /// <summary>The held logprobs and these, in order, for the text now let through; nothing is held after.</summary>
    public static IReadOnlyList<TokenLogprob>? Release(ref List<TokenLogprob>? held, IReadOnlyList<TokenLogprob>? logprobs)
    {
        Hold(ref held, logprobs);
        var all = held;
        held = null;
        return all;
    }

    /// <summary>The update, carrying <paramref name="logprobs"/> when there are any.</summary>
    public static ChatResponseUpdate Attach(ChatResponseUpdate update, IReadOnlyList<TokenLogprob>? logprobs)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (logprobs is { Count: > 0 })
        {
            update.AdditionalProperties ??= [];
            update.AdditionalProperties[PropertyKey] = logprobs;
        }

        return update;
    }
}
