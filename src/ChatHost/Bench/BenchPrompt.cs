using LLama.Native;
using ModelScale.ChatHost.Engine;

namespace ModelScale.ChatHost.Bench;

/// <summary>
/// The benchmark's prompt: exactly N tokens, built by tokenizing a fixed English paragraph once (no BOS, no special
/// tokens) and repeating its tokens after the BOS token until N are there. Repeating tokens rather than text keeps the
/// count exact whatever the tokenizer merges at the joins. bench/peer/bench.mjs builds the same prompt the same way.
/// </summary>
public static class BenchPrompt
{
    /// <summary>The paragraph whose tokens fill the prompt (bench/peer/bench.mjs holds the same text).</summary>
    public const string SeedText =
        "The quick brown fox jumps over the lazy dog while the old lighthouse keeper writes down the weather, " +
        "counts the ships that pass the harbour, and wonders how many tokens a small model can read in one second.";

    /// <summary>Builds a prompt of exactly <paramref name="count"/> tokens for <paramref name="model"/>.</summary>
    public static LLamaToken[] Build(LoadedModel model, int count)
    {
        ArgumentNullException.ThrowIfNull(model);
        var body = model.Context.Tokenize(SeedText, addBos: false, special: false);
        var bos = model.Weights.Vocab.ShouldAddBOS ? model.Weights.Vocab.BOS : null;
        return Tile(bos, body, count);
    }

    /// <summary>The BOS token (when there is one) followed by <paramref name="body"/> repeated, cut at <paramref name="count"/> tokens.</summary>
    public static LLamaToken[] Tile(LLamaToken? bos, IReadOnlyList<LLamaToken> body, int count)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (body.Count == 0)
        {
            throw new ArgumentException("The seed text gave no tokens.", nameof(body));
        }

        var tokens = new LLamaToken[count];
        var at = 0;
        if (bos is { } first)
        {
            tokens[at++] = first;
        }

        for (var i = 0; at < count; i++, at++)
        {
            tokens[at] = body[i % body.Count];
        }

        return tokens;
    }

    /// <summary>FNV-1a (64-bit) over the token ids, as "fnv1a64:0123456789abcdef": equal prompts have equal checksums.</summary>
    public static string Checksum(IEnumerable<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        const ulong offset = 14695981039346656037UL;
        const ulong prime = 1099511628211UL;
        var hash = offset;
        foreach (var token in tokens)
        {
            var value = unchecked((uint)token);
            for (var shift = 0; shift < 32; shift += 8)
            {
                hash ^= (value >> shift) & 0xFF;
                hash = unchecked(hash * prime);
            }
        }

        return $"fnv1a64:{hash:x16}";
    }
}
