namespace ModelScale.ChatHost.Contracts;

/// <summary>Markers of the services' text/event-stream answers.</summary>
public static class StreamMarkers
{
    /// <summary>The data of a stream's last event, as OpenAI ends one.</summary>
    public const string Done = "[DONE]";
}
