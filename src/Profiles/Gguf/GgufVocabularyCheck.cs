using System.Globalization;

namespace ModelScale.Profiles.Gguf;

/// <summary>
/// The tokenizer metadata against llama_vocab::load, which aborts the process (rather than failing the load) on
/// duplicate tokens, on tokens, scores or token types stored with another element type, and later on a byte token
/// that is not written &lt;0xXX&gt;.
/// </summary>
internal static class GgufVocabularyCheck
{
    private const string ModelKey = "tokenizer.ggml.model";
    private const string TokensKey = "tokenizer.ggml.tokens";
    private const string ScoresKey = "tokenizer.ggml.scores";
    private const string TypesKey = "tokenizer.ggml.token_type";
    private const string MergesKey = "tokenizer.ggml.merges";

    /// <summary>Checks the vocabulary and returns its size.</summary>
    public static long Check(GgufFile file, string arch)
    {
        var model = CheckModel(file, arch);
        var tokens = StringArray(file, TokensKey, required: true)!;
        if (tokens.Count == 0)
        {
            throw new GgufFormatException($"'{file.FileName}' has an empty vocabulary ({TokensKey} holds no tokens).");
        }

        if (model == "llama" && tokens.Count < 3)
        {
            throw new GgufFormatException(
                $"'{file.FileName}' has only {tokens.Count} tokens; a SentencePiece vocabulary needs at least unk, bos and eos (ids 0 to 2).");
        }

        CheckDuplicates(file, tokens);
        CheckParallel(file, ScoresKey, GgufValueType.Float32, tokens.Count);
        var types = CheckParallel(file, TypesKey, GgufValueType.Int32, tokens.Count);
        if (types is not null)
        {
            CheckByteTokens(file, tokens, types.Get<int>());
        }

        if (model == "llama")
        {
            CheckByteFallback(file, tokens);
        }

        var merges = StringArray(file, MergesKey, required: false);
        if (model == "gpt2" && merges is null)
        {
            throw new GgufFormatException($"'{file.FileName}' uses a BPE tokenizer but has no {MergesKey}.");
        }

        return tokens.Count;
    }

    private static string CheckModel(GgufFile file, string arch)
    {
        var model = file.GetString(ModelKey)
            ?? throw new GgufFormatException($"'{file.FileName}' has no {ModelKey}, so llama.cpp cannot tell how to tokenize text for it.");
        if (model is "none" or "no_vocab")
        {
            throw new GgufFormatException($"'{file.FileName}' has no vocabulary ({ModelKey} is '{model}'), so it cannot read or write text.");
        }

        if (model == "bert")
        {
            if (!LlamaCppLimits.BertArchitectures.Contains(arch))
            {
                throw new GgufFormatException(
                    $"'{file.FileName}' declares a BERT WordPiece tokenizer ({ModelKey} 'bert') for a {GgufText.Quote(arch)} model; llama.cpp uses it only for BERT-family embedding models.");
            }

            return model;
        }

        if (!LlamaCppLimits.ChatTokenizers.Contains(model))
        {
            throw new GgufFormatException(
                $"'{file.FileName}' declares the tokenizer '{GgufText.Quote(model)}' ({ModelKey}), which llama.cpp does not know; it knows {string.Join(", ", LlamaCppLimits.ChatTokenizers)} and bert.");
        }

        return model;
    }

    private static IReadOnlyList<string>? StringArray(GgufFile file, string key, bool required)
    {
        if (!file.Metadata.TryGetValue(key, out var value))
        {
            return required
                ? throw new GgufFormatException($"'{file.FileName}' has no {key}, so llama.cpp has no vocabulary to load.")
                : null;
        }

        if (value.Value is not GgufArray array || array.ElementType != GgufValueType.String)
        {
            throw new GgufFormatException(
                $"'{file.FileName}' stores {key} as {Describe(value)}, not an array of strings; llama.cpp would abort reading it.");
        }

        return array.Get<string>();
    }

    private static GgufArray? CheckParallel(GgufFile file, string key, GgufValueType elementType, int tokenCount)
    {
        if (!file.Metadata.TryGetValue(key, out var value))
        {
            return null;
        }

        if (value.Value is not GgufArray array || array.ElementType != elementType)
        {
            throw new GgufFormatException(
                $"'{file.FileName}' stores {key} as {Describe(value)}, not an array of {elementType}; llama.cpp would abort reading it.");
        }

        if (array.Count != tokenCount)
        {
            throw new GgufFormatException(
                $"'{file.FileName}' has {array.Count:N0} entries in {key} for {tokenCount:N0} tokens; llama.cpp would read past the end of it.");
        }

        return array;
    }

    private static void CheckDuplicates(GgufFile file, IReadOnlyList<string> tokens)
    {
        // llama.cpp renames an empty token to "[EMPTY_<id>]" before it indexes the vocabulary; the same is done here.
        var first = new Dictionary<string, int>(tokens.Count, StringComparer.Ordinal);
        for (var i = 0; i < tokens.Count; i++)
        {
            var text = tokens[i].Length == 0 ? string.Create(CultureInfo.InvariantCulture, $"[EMPTY_{i}]") : tokens[i];
            if (!first.TryAdd(text, i))
            {
                throw new GgufFormatException(
                    $"'{file.FileName}' lists the token '{GgufText.Quote(text)}' twice in {TokensKey} (ids {first[text]} and {i}); llama.cpp aborts on a vocabulary with duplicate tokens.");
            }
        }
    }

    private static void CheckByteTokens(GgufFile file, IReadOnlyList<string> tokens, IReadOnlyList<int> types)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (types[i] == LlamaCppLimits.ByteTokenType && !IsByteToken(tokens[i]))
            {
                throw new GgufFormatException(
                    $"'{file.FileName}' marks token {i} ('{GgufText.Quote(tokens[i])}') as a byte token in {TypesKey}, but a byte token is written <0xXX>; llama.cpp would abort decoding it.");
            }
        }
    }

    /// <summary>
    /// A SentencePiece tokenizer writes a character it has no token for as its UTF-8 bytes, looking each up as
    /// &lt;0xXX&gt; (or, for ASCII, the character itself); llama.cpp throws from inside the tokenizer, and the
    /// process aborts, at the first prompt holding a byte it cannot find.
    /// </summary>
    private static void CheckByteFallback(GgufFile file, IReadOnlyList<string> tokens)
    {
        var known = new HashSet<string>(tokens, StringComparer.Ordinal);
        for (var b = 0; b < 256; b++)
        {
            var hex = string.Create(CultureInfo.InvariantCulture, $"<0x{b:X2}>");
            if (!known.Contains(hex) && !(b < 0x80 && known.Contains(((char)b).ToString())))
            {
                throw new GgufFormatException(
                    $"'{file.FileName}' has a SentencePiece vocabulary with no token for the byte 0x{b:X2} ({hex}); llama.cpp aborts on the first prompt that holds it.");
            }
        }
    }

    private static bool IsByteToken(string text) =>
        text.Length == 6 && text.StartsWith("<0x", StringComparison.Ordinal) && text[5] == '>'
        && char.IsAsciiHexDigit(text[3]) && char.IsAsciiHexDigit(text[4]);

    private static string Describe(GgufValue value) => value.Value is GgufArray array
        ? $"an array of {array.ElementType}"
        : $"{GgufValueTypes.Article(value.Type)} {value.Type}";
}
