namespace ModelScale.ChatHost.Engine.Tools;

/// <summary>What one piece of an answer gave once its tool calls are taken out: text to show, and the calls completed.</summary>
public readonly record struct ToolParseStep(string Text, IReadOnlyList<ParsedToolCall> Calls)
{
    public static ToolParseStep Empty { get; } = new(string.Empty, []);
}
