using System.Text.Json.Serialization;

namespace ModelScale.ChatHost.Contracts;

/// <summary>An OpenAI-style error body: <c>{"error":{"message","type","param","code"}}</c>.</summary>
public sealed record ApiErrorBody(ApiError Error);

/// <summary>One error, as the OpenAI API shapes it; param and code are null when they do not apply.</summary>
public sealed record ApiError(
    string Message,
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Param,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Code);
