using System.Text;
using ModelScale.ChatHost.Contracts;
using ModelScale.ChatHost.Engine.Decoding;

namespace ModelScale.ChatHost.Api;

/// <summary>
/// The legacy completions' logprobs of one choice, piece by piece: each token's text offset counts the UTF-16 characters
/// of the choice's text before it (the echoed prompt, then the tokens' bytes decoded), so a token that ends a character
/// another token began still lands where that character is.
/// </summary>
public sealed class LegacyLogprobs(int startOffset)
{
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private int _offset = startOffset;

    /// <summary>The logprobs of the next tokens of the choice.</summary>
    public TextCompletionLogprobs Next(IReadOnlyList<TokenLogprob> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var offsets = new List<int>(tokens.Count);
        foreach (var token in tokens)
        {
            offsets.Add(_offset);
            _offset += _decoder.GetCharCount(token.Bytes, flush: false);
        }

        return new TextCompletionLogprobs(
            [.. tokens.Select(t => t.Token)],
            [.. tokens.Select(t => t.Logprob)],
            [.. tokens.Select(Top)],
            offsets);
    }

    /// <summary>Text to logprob, most likely first; two alternatives with the same text keep the likelier one.</summary>
    private static IReadOnlyDictionary<string, float> Top(TokenLogprob token)
    {
        var top = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var alternative in token.Top)
        {
            top.TryAdd(alternative.Token, alternative.Logprob);
        }

        return top;
    }
}
