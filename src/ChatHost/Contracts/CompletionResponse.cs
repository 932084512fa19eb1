using System.Text.Json.Serialization;

namespace ModelScale.ChatHost.Contracts;

/// <summary>
/// An answer of POST /v1/completions, whole or as one server-sent event of a stream (both are "text_completion", as
/// OpenAI sends them). <paramref name="Seed"/> is the seed the answer was sampled with (ModelScale's own field).
/// </summary>
public sealed record TextCompletion(
    string Id,
    long Created,
    string Model,
    IReadOnlyList<TextCompletionChoice> Choices,
    CompletionUsage? Usage = null,
    long? Seed = null)
{
    public string Object => "text_completion";
}

/// <summary>One prompt's completion (index: the prompt's place in the request); in a stream, a piece of it.</summary>
public sealed record TextCompletionChoice(
    string Text,
    int Index,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] TextCompletionLogprobs? Logprobs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? FinishReason);

/// <summary>
/// The legacy logprobs: per generated token its text, its natural-log probability, the most likely alternatives (text
/// to logprob), and where its text starts in the choice's text (after the echoed prompt, when echo is on).
/// </summary>
public sealed record TextCompletionLogprobs(
    IReadOnlyList<string> Tokens,
    IReadOnlyList<float> TokenLogprobs,
    IReadOnlyList<IReadOnlyDictionary<string, float>> TopLogprobs,
    IReadOnlyList<int> TextOffset);
