using System.Globalization;
using System.Text;
using ModelScale.Profiles.Gguf;

namespace ModelScale.Profiles.Synthetic;

/// <summary>
/// A SentencePiece-style ("llama") vocabulary of ModelScale's own making, so that a synthetic model loads without
/// anyone else's tokenizer: &lt;unk&gt;, &lt;s&gt; and &lt;/s&gt; (ids 0, 1, 2), the ChatML control tokens
/// &lt;|im_start|&gt; and &lt;|im_end|&gt;, the 256 byte tokens &lt;0x00&gt;..&lt;0xFF&gt; that every text falls back to,
/// then made-up pieces (printable characters, then runs of "▁" and lowercase letters, shortest first) up to the size
/// asked for. Every token string is distinct, and every piece has a score and a token type, as llama.cpp's loader
/// requires. It can carry a small ChatML chat template, and fill-in-the-middle tokens (Qwen's &lt;|fim_prefix|&gt;,
/// &lt;|fim_suffix|&gt;, &lt;|fim_middle|&gt;, in place of the last three pieces).
/// </summary>
public static class ByteLevelVocabulary
{
    /// <summary>The tokens before the pieces: specials, chat tokens and the 256 bytes.</summary>
    public const int FixedTokens = 5 + 256;

    /// <summary>The smallest vocabulary: the fixed tokens and at least one piece.</summary>
    public const int MinimumSize = FixedTokens + 1;

    /// <summary>The name <see cref="TokenizerDonor.FileName"/> reports for this vocabulary.</summary>
    public const string Name = "ModelScale's byte-level vocabulary";

    /// <summary>A ChatML template, which llama.cpp recognises by its &lt;|im_start|&gt; marker.</summary>
    public const string ChatTemplate =
        "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n' }}{% endfor %}"
        + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}";

    // llama.cpp's token types (llama_token_type).
    private const int Normal = 1;
    private const int Unknown = 2;
    private const int Control = 3;
    private const int Byte = 6;

    private const string WordStart = "\u2581";
    private const string Letters = WordStart + "etaoinshrdlucmfwypvbgkqjxz";

    /// <summary>
    /// The vocabulary with <paramref name="size"/> tokens, as a tokenizer to give <see cref="SyntheticGgufWriter"/>.
    /// With <paramref name="chatTemplate"/> it carries <see cref="ChatTemplate"/> as tokenizer.chat_template; with
    /// <paramref name="fillInMiddle"/> its last three tokens are the FIM control tokens, named in the FIM token id keys.
    /// Throws <see cref="ArgumentOutOfRangeException"/> below <see cref="MinimumSize"/> (three more with FIM tokens).
    /// </summary>
    public static TokenizerDonor Create(int size, bool chatTemplate = false, bool fillInMiddle = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, MinimumSize + (fillInMiddle ? 3 : 0));
        var tokens = new List<string>(size) { "<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>" };
        var types = new List<int>(size) { Unknown, Control, Control, Control, Control };
        for (var b = 0; b < 256; b++)
        {
            tokens.Add(string.Create(CultureInfo.InvariantCulture, $"<0x{b:X2}>"));
            types.Add(Byte);
        }

        foreach (var piece in Pieces().Take(size - FixedTokens))
        {
            tokens.Add(piece);
            types.Add(Normal);
        }

        if (tokens.Count != size)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"The byte-level vocabulary has at most {tokens.Count:N0} tokens.");
        }

        string[] fim = ["<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>"];
        for (var i = 0; fillInMiddle && i < fim.Length; i++)
        {
            tokens[size - fim.Length + i] = fim[i];
            types[size - fim.Length + i] = Control;
        }

        // Longer pieces score higher, so the tokenizer merges "▁th" before "▁t" + "h"; fixed tokens score 0.
        var scores = new float[size];
        for (var i = FixedTokens; i < size; i++)
        {
            scores[i] = types[i] == Control ? 0f : -1f / tokens[i].Length - i * 1e-6f;
        }

        var metadata = new List<KeyValuePair<string, GgufValue>>
        {
            new("tokenizer.ggml.model", GgufValue.FromString("llama")),
            new(TokenizerDonor.TokensKey, GgufValue.FromArray(GgufArray.Of([.. tokens]))),
            new("tokenizer.ggml.scores", GgufValue.FromArray(GgufArray.Of(scores))),
            new("tokenizer.ggml.token_type", GgufValue.FromArray(GgufArray.Of([.. types]))),
            new("tokenizer.ggml.unknown_token_id", GgufValue.FromUInt32(0)),
            new("tokenizer.ggml.bos_token_id", GgufValue.FromUInt32(1)),
            new("tokenizer.ggml.eos_token_id", GgufValue.FromUInt32(2)),
            new("tokenizer.ggml.add_bos_token", GgufValue.FromBool(true)),
            new("tokenizer.ggml.add_eos_token", GgufValue.FromBool(false)),
        };
        if (chatTemplate)
        {
            metadata.Add(new("tokenizer.chat_template", GgufValue.FromString(ChatTemplate)));
        }

        if (fillInMiddle)
        {
            metadata.Add(new("tokenizer.ggml.fim_pre_token_id", GgufValue.FromUInt32((uint)(size - 3))));
            metadata.Add(new("tokenizer.ggml.fim_suf_token_id", GgufValue.FromUInt32((uint)(size - 2))));
            metadata.Add(new("tokenizer.ggml.fim_mid_token_id", GgufValue.FromUInt32((uint)(size - 1))));
        }

        return new TokenizerDonor(Name, metadata, size);
    }

    /// <summary>Printable ASCII characters one by one, then every run of <see cref="Letters"/> of length 2, 3, ...</summary>
    private static IEnumerable<string> Pieces()
    {
        for (var c = '!'; c <= '~'; c++)
        {
            yield return c.ToString();
        }

        yield return WordStart;
        for (var length = 2; length <= 4; length++)
        {
            foreach (var run in Runs(length))
            {
                yield return run;
            }
        }
    }

    private static IEnumerable<string> Runs(int length)
    {
        var indices = new int[length];
        var text = new StringBuilder(length);
        while (true)
        {
            text.Clear();
            foreach (var i in indices)
            {
                text.Append(Letters[i]);
            }

            // "▁" only starts a piece, as in a real SentencePiece vocabulary.
            if (text.ToString().LastIndexOf(WordStart, StringComparison.Ordinal) <= 0)
            {
                yield return text.ToString();
            }

            var position = length - 1;
            while (position >= 0 && ++indices[position] == Letters.Length)
            {
                indices[position--] = 0;
            }

            if (position < 0)
            {
                yield break;
            }
        }
    }
}
