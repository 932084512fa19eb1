using Microsoft.Extensions.AI;

namespace ModelScale.ChatHost.Engine;

/// <summary>
/// Oldest messages left out of a prompt so that it fits the context, sent on an update of its own before the answer's
/// first token, so that the notice stands even when the answer is stopped before it ends.
/// </summary>
/// <param name="Messages">Messages left out (whole exchanges).</param>
/// <param name="PromptTokens">Tokens in the trimmed prompt.</param>
/// <param name="ContextTokens">Tokens the context holds.</param>
public sealed record PromptTrim(int Messages, int PromptTokens, int ContextTokens)
{
    /// <summary>Key under which the trim travels in <see cref="ChatResponseUpdate.AdditionalProperties"/>.</summary>
    public const string PropertyKey = "modelscale.trim";

    public static PromptTrim? From(ChatResponseUpdate update) =>
        update?.AdditionalProperties is { } props && props.TryGetValue(PropertyKey, out var value) ? value as PromptTrim : null;
}
