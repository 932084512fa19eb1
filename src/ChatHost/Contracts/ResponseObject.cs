using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelScale.ChatHost.Contracts;

/// <summary>
/// A response of the Responses API: its output items (an assistant message and/or function calls), status, usage and
/// the settings it ran with. The nullable fields OpenAI always writes (error, incomplete_details, instructions,
/// previous_response_id) are written as null too.
/// </summary>
public sealed record ResponseObject(
    string Id,
    long CreatedAt,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] ResponseError? Error,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] ResponseIncompleteDetails? IncompleteDetails,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Instructions,
    int? MaxOutputTokens,
    string Model,
    IReadOnlyList<ResponseOutputItem> Output,
    bool ParallelToolCalls,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? PreviousResponseId,
    bool Store,
    float? Temperature,
    ResponseTextConfig Text,
    JsonElement ToolChoice,
    IReadOnlyList<JsonElement> Tools,
    float? TopP,
    string Truncation,
    ResponseUsage? Usage)
{
    public string Object => "response";
}

/// <summary>Why a response failed, as the response object carries it.</summary>
public sealed record ResponseError(string? Code, string Message);

/// <summary>Why a response is incomplete: "max_output_tokens" when the token limit cut it.</summary>
public sealed record ResponseIncompleteDetails(string Reason);

/// <summary>The text settings a response ran with: its format, as the request gave it ({"type": "text"} by default).</summary>
public sealed record ResponseTextConfig(JsonElement Format);

/// <summary>Tokens read and written; the details are there because the SDKs read them.</summary>
public sealed record ResponseUsage(int InputTokens, ResponseInputTokensDetails InputTokensDetails, int OutputTokens, ResponseOutputTokensDetails OutputTokensDetails, int TotalTokens);

public sealed record ResponseInputTokensDetails(int CachedTokens);

public sealed record ResponseOutputTokensDetails(int ReasoningTokens);

/// <summary>One item of a response's output, written with its "type".</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ResponseMessageItem), "message")]
[JsonDerivedType(typeof(ResponseFunctionCallItem), "function_call")]
public abstract record ResponseOutputItem(string Id, string Status);

/// <summary>The assistant's text: one output_text part.</summary>
public sealed record ResponseMessageItem(string Id, string Status, IReadOnlyList<ResponseOutputText> Content) : ResponseOutputItem(Id, Status)
{
    public string Role => "assistant";
}

/// <summary>A call of one of the request's function tools; arguments is a JSON text.</summary>
public sealed record ResponseFunctionCallItem(string Id, string Status, string CallId, string Name, string Arguments) : ResponseOutputItem(Id, Status);

/// <summary>A text part of an assistant message.</summary>
public sealed record ResponseOutputText(string Text)
{
    public string Type => "output_text";

    public IReadOnlyList<JsonElement> Annotations { get; init; } = [];

    public IReadOnlyList<JsonElement> Logprobs { get; init; } = [];
}
