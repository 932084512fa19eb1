using Microsoft.Extensions.AI;

namespace ModelScale.ChatHost.Engine;

/// <summary>What one answer cost. Recorded by the engine for every answer, whoever asked for it.</summary>
public sealed record AnswerStats
{
    /// <summary>Key under which the stats travel in <see cref="ChatResponseUpdate.AdditionalProperties"/>.</summary>
    public const string PropertyKey = "modelscale.stats";

    public required string ProfileId { get; init; }

    /// <summary>Tokens in the whole rendered prompt.</summary>
    public required int PromptTokens { get; init; }

    /// <summary>Prompt tokens whose KV state was reused from the previous answer and not evaluated again.</summary>
    public required int CachedPromptTokens { get; init; }

    public required int CompletionTokens { get; init; }

    /// <summary>From the request to the first generated token, prompt evaluation included.</summary>
    public required TimeSpan TimeToFirstToken { get; init; }

    public required TimeSpan Total { get; init; }

    /// <summary>Prompt tokens evaluated per second (only the ones not reused).</summary>
    public required double PrefillTokensPerSecond { get; init; }

    /// <summary>Generated tokens per second after the first one.</summary>
    public required double DecodeTokensPerSecond { get; init; }

    public required string FinishReason { get; init; }

    /// <summary>Older messages that were left out of the prompt because the context was full.</summary>
    public int TrimmedMessages { get; init; }

    public static AnswerStats? From(ChatResponseUpdate update) =>
        update.AdditionalProperties is { } props && props.TryGetValue(PropertyKey, out var value) ? value as AnswerStats : null;

    public static AnswerStats? From(ChatResponse response) =>
        response.AdditionalProperties is { } props && props.TryGetValue(PropertyKey, out var value) ? value as AnswerStats : null;
}
