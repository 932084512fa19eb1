namespace ModelScale.ChatHost.Engine.Decoding;

/// <summary>
/// One piece of streamed output; the last piece carries the answer's stats. When the answer asked for logprobs,
/// <paramref name="Logprobs"/> describes the tokens whose text starts in this piece (a piece may carry tokens and no
/// text when their bytes end a character only later, or at the end).
/// </summary>
public readonly record struct GeneratedPiece(string Text, AnswerStats? Stats, IReadOnlyList<TokenLogprob>? Logprobs = null);
