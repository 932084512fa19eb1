namespace ModelScale.ChatHost.Engine.Decoding;

/// <summary>
/// One generated token with its natural-log probability under the distribution it was drawn from (after the samplers),
/// and the most likely alternatives at that step, most likely first (the token itself among them when it is one of
/// them). <see cref="Bytes"/> are the token's own UTF-8 bytes (a token may hold part of a character, and
/// <see cref="Token"/> then shows U+FFFD for it).
/// </summary>
public sealed record TokenLogprob(int Id, string Token, float Logprob, byte[] Bytes, IReadOnlyList<TokenAlternative> Top);

/// <summary>A token the sampler could have picked at one step, with its log probability.</summary>
public sealed record TokenAlternative(int Id, string Token, float Logprob, byte[] Bytes);
