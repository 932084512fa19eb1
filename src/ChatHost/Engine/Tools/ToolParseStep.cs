namespace ModelScale.ChatHost.Engine.Tools;

/// <summary>What one piece of an answer gave once its tool calls are taken out, in order (<see cref="ToolParsePart"/>).</summary>
public readonly record struct ToolParseStep(IReadOnlyList<ToolParsePart> Parts)
{
    public static ToolParseStep Empty { get; } = new([]);

    /// <summary>The text to show, joined.</summary>
    public string Text => string.Concat(Parts.OfType<ToolText>().Select(t => t.Text));

    /// <summary>The calls this piece completed.</summary>
    public IReadOnlyList<ParsedToolCall> Calls => [.. Parts.OfType<ToolCallEnd>().Select(e => e.Call)];
}
