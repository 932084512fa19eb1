using LLama.Native;
using Microsoft.Extensions.AI;
using ModelScale.Profiles.Errors;

namespace ModelScale.ChatHost.Engine;

/// <summary>
/// A prompt given as raw text, not as a conversation (OpenAI's legacy /v1/completions, Ollama's raw generate): asked
/// for with <see cref="OptionKey"/> set to true in <see cref="ChatOptions.AdditionalProperties"/>, the messages' text is
/// the prompt as it is, without the chat template and its stop markers, through the same decode loop as a chat answer.
/// It is tokenized as llama.cpp's server does a completion prompt: BOS when the model wants one, special tokens parsed.
/// Nothing is left out to make room: a prompt that does not fit the context is refused. With <see cref="SuffixKey"/> it
/// is a fill-in-the-middle prompt, built as llama.cpp's server builds one (/infill) from the model's FIM tokens:
/// [BOS] FIM_PRE prefix FIM_SUF suffix FIM_MID, the texts tokenized as plain text; a model without FIM tokens refuses it.
/// </summary>
public static class RawPrompt
{
    /// <summary>The option: true for a raw prompt.</summary>
    public const string OptionKey = "modelscale.raw_prompt";

    /// <summary>The option for a fill-in-the-middle prompt: the text after the gap (a string); the messages' text is before it.</summary>
    public const string SuffixKey = "modelscale.fim_suffix";

    /// <summary>Whether the options ask for a raw prompt.</summary>
    public static bool IsAsked(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(OptionKey, out var value) == true && value is true;

    /// <summary>The prompt's tokens: the messages' texts, one after the other.</summary>
    /// <exception cref="ModelScaleException">The prompt leaves no room in one sequence's context (context_length_exceeded, on "prompt").</exception>
    /// <exception cref="ModelScaleException">A suffix is asked of a model without fill-in-the-middle tokens (on "suffix").</exception>
    internal static LLamaToken[] Tokens(LoadedModel model, IEnumerable<ChatMessage> messages, ChatOptions? options = null)
    {
        var text = string.Concat(messages.Select(m => m.Text));
        var suffix = options?.AdditionalProperties?.TryGetValue(SuffixKey, out var value) == true ? value as string : null;
        if (text.Length == 0 && suffix is null)
        {
            throw new ArgumentException("The prompt is empty.", nameof(messages));
        }

        var tokens = suffix is null ? model.Tokenize(text) : FillInMiddle(model, text, suffix);
        if (tokens.Length >= model.SequenceContext)
        {
            throw new ModelScaleException(
                ErrorKind.BadInput,
                $"The prompt needs {tokens.Length} tokens but the context holds {model.SequenceContext}; shorten the prompt or use a longer context.",
                innerException: null,
                "context_length_exceeded",
                "prompt");
        }

        if (suffix is null)
        {
            model.LastPrompt = text;
        }

        return tokens;
    }

    private static LLamaToken[] FillInMiddle(LoadedModel model, string prefix, string suffix)
    {
        var vocab = model.Weights.Vocab;
        if (vocab.InfillPrefix is not { } pre || vocab.InfillSuffix is not { } suf || vocab.InfillMiddle is not { } mid)
        {
            throw new ModelScaleException(
                ErrorKind.BadInput,
                $"'{model.Id}' cannot fill in the middle: its vocabulary has no FIM prefix, suffix and middle tokens (a code model trained for infill has them); leave the suffix out.",
                innerException: null,
                "unsupported_parameter",
                "suffix");
        }

        var bos = vocab.ShouldAddBOS && vocab.BOS is { } b ? new[] { b } : [];
        LLamaToken[] tokens = [.. bos, pre, .. model.Tokenize(prefix, special: false), suf, .. model.Tokenize(suffix, special: false), mid];
        model.LastPrompt = string.Concat(bos.Select(t => vocab.LLamaTokenToString(t, isSpecialToken: true)))
            + $"{vocab.LLamaTokenToString(pre, true)}{prefix}{vocab.LLamaTokenToString(suf, true)}{suffix}{vocab.LLamaTokenToString(mid, true)}";
        return tokens;
    }
}
