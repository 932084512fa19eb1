namespace ModelScale.ChatHost.Contracts;

/// <summary>response.created, response.in_progress, response.completed, response.incomplete and response.failed.</summary>
public sealed record ResponseLifecycleEvent(string Type, int SequenceNumber, ResponseObject Response);

/// <summary>response.output_item.added and response.output_item.done.</summary>
public sealed record ResponseOutputItemEvent(string Type, int SequenceNumber, int OutputIndex, ResponseOutputItem Item);

/// <summary>response.content_part.added and response.content_part.done.</summary>
public sealed record ResponseContentPartEvent(string Type, int SequenceNumber, string ItemId, int OutputIndex, int ContentIndex, ResponseOutputText Part);

/// <summary>response.output_text.delta: a piece of the assistant's text.</summary>
public sealed record ResponseTextDeltaEvent(string Type, int SequenceNumber, string ItemId, int OutputIndex, int ContentIndex, string Delta)
{
    public IReadOnlyList<System.Text.Json.JsonElement> Logprobs { get; init; } = [];
}

/// <summary>response.output_text.done: the whole text of a part.</summary>
public sealed record ResponseTextDoneEvent(string Type, int SequenceNumber, string ItemId, int OutputIndex, int ContentIndex, string Text)
{
    public IReadOnlyList<System.Text.Json.JsonElement> Logprobs { get; init; } = [];
}

/// <summary>response.function_call_arguments.delta: a piece of a call's arguments.</summary>
public sealed record ResponseArgumentsDeltaEvent(string Type, int SequenceNumber, string ItemId, int OutputIndex, string Delta);

/// <summary>response.function_call_arguments.done: a call's whole arguments.</summary>
public sealed record ResponseArgumentsDoneEvent(string Type, int SequenceNumber, string ItemId, int OutputIndex, string Name, string Arguments);

/// <summary>error: what went wrong after the stream began; the stream ends with it.</summary>
public sealed record ResponseErrorEvent(string Type, int SequenceNumber, string? Code, string Message, string? Param);
