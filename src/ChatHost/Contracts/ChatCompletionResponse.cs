using System.Text.Json.Serialization;

namespace ModelScale.ChatHost.Contracts;

/// <summary>
/// A whole answer (stream: false). <paramref name="Seed"/> is the seed the answer was sampled with (ModelScale's own
/// field, also in the X-ModelScale-Seed header): sent back as "seed", it gives the same answer again.
/// </summary>
public sealed record ChatCompletion(
    string Id,
    long Created,
    string Model,
    IReadOnlyList<ChatCompletionChoice> Choices,
    CompletionUsage Usage,
    long? Seed = null)
{
    public string Object => "chat.completion";
}

/// <summary>One choice; <paramref name="Logprobs"/> is there when the request asked for logprobs.</summary>
public sealed record ChatCompletionChoice(int Index, ChatCompletionMessage Message, string FinishReason, ChatCompletionLogprobs? Logprobs = null);

public sealed record ChatCompletionMessage(string Role, string Content);

/// <summary>Token counts of one answer.</summary>
public sealed record CompletionUsage(int PromptTokens, int CompletionTokens, int TotalTokens);

/// <summary>One server-sent event of a streamed answer (stream: true).</summary>
public sealed record ChatCompletionChunk(
    string Id,
    long Created,
    string Model,
    IReadOnlyList<ChatCompletionChunkChoice> Choices,
    CompletionUsage? Usage = null,
    long? Seed = null)
{
    public string Object => "chat.completion.chunk";
}

public sealed record ChatCompletionChunkChoice(
    int Index,
    ChatCompletionDelta Delta,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? FinishReason,
    ChatCompletionLogprobs? Logprobs = null);

public sealed record ChatCompletionDelta(string? Role = null, string? Content = null);
