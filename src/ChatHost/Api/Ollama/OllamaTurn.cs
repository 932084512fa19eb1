using Microsoft.Extensions.AI;

namespace ModelScale.ChatHost.Api.Ollama;

/// <summary>
/// A checked chat or generation: <paramref name="Name"/> is the model name as the client wrote it (echoed in every
/// line), <paramref name="ProfileId"/> the profile it means; the conversation, the options, whether to stream, and the
/// keep_alive asked for (null when none).
/// </summary>
public sealed record OllamaTurn(string Name, string ProfileId, IReadOnlyList<ChatMessage> Messages, OllamaModelOptions Options, bool Stream, TimeSpan? KeepAlive);
