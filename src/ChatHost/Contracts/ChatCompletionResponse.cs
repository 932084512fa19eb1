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

/// <summary>The answer's message: content is null (and sent as null) when the answer is only tool calls.</summary>
public sealed record ChatCompletionMessage(
    string Role,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Content,
    IReadOnlyList<ChatCompletionToolCall>? ToolCalls = null);

/// <summary>One call in an answer: arguments is the JSON object's text, as OpenAI sends it.</summary>
public sealed record ChatCompletionToolCall(string Id, ChatCompletionFunctionCall Function)
{
    public string Type => "function";
}

public sealed record ChatCompletionFunctionCall(string Name, string Arguments);

/// <summary>A piece of a streamed call: the first names it (id, type, name), the next carry its arguments' text.</summary>
public sealed record ChatCompletionToolCallDelta(int Index, string? Id = null, string? Type = null, ChatCompletionFunctionCallDelta? Function = null);

public sealed record ChatCompletionFunctionCallDelta(string? Name = null, string? Arguments = null);

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

public sealed record ChatCompletionDelta(string? Role = null, string? Content = null, IReadOnlyList<ChatCompletionToolCallDelta>? ToolCalls = null);
