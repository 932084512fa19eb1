namespace ModelScale.ChatHost.Engine.Tools;

/// <summary>A call read out of a model's answer: the function's name and its arguments as a JSON object's text.</summary>
public sealed record ParsedToolCall(string Name, string Arguments);
