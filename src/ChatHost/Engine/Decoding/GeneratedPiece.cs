namespace ModelScale.ChatHost.Engine.Decoding;

/// <summary>One piece of streamed output; the last piece carries the answer's stats.</summary>
public readonly record struct GeneratedPiece(string Text, AnswerStats? Stats);
