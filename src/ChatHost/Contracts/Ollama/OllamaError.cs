namespace ModelScale.ChatHost.Contracts.Ollama;

/// <summary>Ollama's error body, <c>{"error":"..."}</c>: one sentence, also the last line of a stream that failed.</summary>
public sealed record OllamaError(string Error);
