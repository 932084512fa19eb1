using ModelScale.Profiles.Gguf;

namespace ModelScale.Profiles.Synthetic;

/// <summary>
/// The <c>tokenizer.*</c> metadata of another GGUF model, to copy into a synthetic one so that llama.cpp can load it:
/// llama.cpp refuses a model without a vocabulary, and the vocabulary fixes the rows of token_embd and output.
/// </summary>
public sealed class TokenizerDonor
{
    /// <summary>The prefix of every tokenizer key.</summary>
    public const string KeyPrefix = "tokenizer.";

    /// <summary>The key of the token list, whose length is the vocabulary size.</summary>
    public const string TokensKey = "tokenizer.ggml.tokens";

    internal TokenizerDonor(string fileName, IReadOnlyList<KeyValuePair<string, GgufValue>> metadata, int vocabSize)
    {
        FileName = fileName;
        Metadata = metadata;
        VocabSize = vocabSize;
    }

    /// <summary>The donor's file name, for messages.</summary>
    public string FileName { get; }

    /// <summary>The donor's tokenizer keys, in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, GgufValue>> Metadata { get; }

    /// <summary>How many tokens the donor's vocabulary has.</summary>
    public int VocabSize { get; }

    /// <summary>
    /// Reads the tokenizer of the GGUF at <paramref name="path"/>. Throws <see cref="SyntheticModelException"/> when
    /// the file is missing or has no token list, and <see cref="GgufFormatException"/> when it is not a valid GGUF.
    /// </summary>
    public static TokenizerDonor Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new SyntheticModelException($"The tokenizer donor '{path}' does not exist.");
        }

        return From(GgufReader.Read(path));
    }

    /// <summary>The tokenizer of an already read GGUF file; throws <see cref="SyntheticModelException"/> when it has none.</summary>
    public static TokenizerDonor From(GgufFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var tokens = file.GetArray(TokensKey);
        if (tokens is null || tokens.ElementType != GgufValueType.String || tokens.Count == 0)
        {
            throw new SyntheticModelException(
                $"'{file.FileName}' has no {TokensKey} list of strings, so it has no tokenizer to copy.");
        }

        var metadata = file.Metadata
            .Where(kv => kv.Key.StartsWith(KeyPrefix, StringComparison.Ordinal))
            .ToList();
        return new TokenizerDonor(file.FileName, metadata, checked((int)tokens.Count));
    }
}
