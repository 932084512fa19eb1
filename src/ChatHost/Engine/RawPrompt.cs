using LLama.Native;
using Microsoft.Extensions.AI;
using ModelScale.Profiles.Errors;

namespace ModelScale.ChatHost.Engine;

/// <summary>
/// A prompt given as raw text, not as a conversation (OpenAI's legacy /v1/completions, Ollama's raw generate): asked
/// for with <see cref="OptionKey"/> set to true in <see cref="ChatOptions.AdditionalProperties"/>, the messages' text is
/// the prompt as it is, without the chat template and its stop markers, through the same decode loop as a chat answer.
/// It is tokenized as llama.cpp's server does a completion prompt: BOS when the model wants one, special tokens parsed.
/// Nothing is left out to make room: a prompt that does not fit the context is refused.
/// </summary>
public static class RawPrompt
{
    /// <summary>The option: true for a raw prompt.</summary>
    public const string OptionKey = "modelscale.raw_prompt";

    /// <summary>Whether the options ask for a raw prompt.</summary>
    public static bool IsAsked(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(OptionKey, out var value) == true && value is true;

    /// <summary>The prompt's tokens: the messages' texts, one after the other.</summary>
    /// <exception cref="ModelScaleException">The prompt leaves no room in one sequence's context (context_length_exceeded, on "prompt").</exception>
    internal static LLamaToken[] Tokens(LoadedModel model, IEnumerable<ChatMessage> messages)
    {
        var text = string.Concat(messages.Select(m => m.Text));
        if (text.Length == 0)
        {
            throw new ArgumentException("The prompt is empty.", nameof(messages));
        }

        var tokens = model.Tokenize(text);
        if (tokens.Length >= model.SequenceContext)
        {
            throw new ModelScaleException(
                ErrorKind.BadInput,
                $"The prompt needs {tokens.Length} tokens but the context holds {model.SequenceContext}; shorten the prompt or use a longer context.",
                innerException: null,
                "context_length_exceeded",
                "prompt");
        }

        model.LastPrompt = text;
        return tokens;
    }
}
