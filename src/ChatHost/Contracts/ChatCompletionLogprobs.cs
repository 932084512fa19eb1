namespace ModelScale.ChatHost.Contracts;

/// <summary>
/// A choice's logprobs (chat completions): one entry per generated token, in order; in a streamed answer, the tokens of
/// that chunk.
/// </summary>
public sealed record ChatCompletionLogprobs(IReadOnlyList<ChatTokenLogprob> Content);

/// <summary>
/// One token: its text, its natural-log probability, its UTF-8 bytes (a token may hold part of a character), and the
/// most likely tokens at that step, most likely first (top_logprobs of them).
/// </summary>
public sealed record ChatTokenLogprob(string Token, float Logprob, IReadOnlyList<int> Bytes, IReadOnlyList<ChatTopLogprob> TopLogprobs);

/// <summary>An alternative token at one step.</summary>
public sealed record ChatTopLogprob(string Token, float Logprob, IReadOnlyList<int> Bytes);
