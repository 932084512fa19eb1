namespace ModelScale.ChatHost.Engine.Tools;

/// <summary>
/// One thing an answer gave while it streamed, in the order the model wrote it: text to show, or a piece of a tool
/// call. A call comes as <see cref="ToolCallBegin"/> (its name is known), any number of <see cref="ToolCallArguments"/>
/// (the arguments' JSON text as the model writes it) and <see cref="ToolCallEnd"/> (the whole call); the fragments of
/// a call, joined, are always the start of its final arguments.
/// </summary>
public abstract record ToolParsePart;

/// <summary>Text to show as the answer's content.</summary>
public sealed record ToolText(string Text) : ToolParsePart;

/// <summary>A call has begun: <paramref name="Index"/> numbers the calls of one answer from 0.</summary>
public sealed record ToolCallBegin(int Index, string Name) : ToolParsePart;

/// <summary>The next piece of a begun call's arguments.</summary>
public sealed record ToolCallArguments(int Index, string Fragment) : ToolParsePart;

/// <summary>A begun call is whole: its arguments are the fragments sent, joined, followed by nothing more.</summary>
public sealed record ToolCallEnd(int Index, ParsedToolCall Call) : ToolParsePart;
