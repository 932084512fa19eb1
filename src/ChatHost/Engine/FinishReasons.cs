namespace ModelScale.ChatHost.Engine;

/// <summary>Why an answer ended, in the OpenAI vocabulary plus "cancelled".</summary>
public static class FinishReasons
{
    public const string Stop = "stop";
    public const string Length = "length";
    public const string ToolCalls = "tool_calls";
    public const string Cancelled = "cancelled";
}
