using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine;

namespace ModelScale.ChatHost.Api.Ollama;

/// <summary>
/// A checked chat or generation: <paramref name="Name"/> is the model name as the client wrote it (echoed in every
/// line), <paramref name="ProfileId"/> the profile it means; the conversation, the options, whether to stream, and the
/// keep_alive asked for (null when none), and whether the prompt is raw (/api/generate's raw: the text as it is, without
/// the chat template).
/// </summary>
public sealed record OllamaTurn(string Name, string ProfileId, IReadOnlyList<ChatMessage> Messages, OllamaModelOptions Options, bool Stream, ModelKeepAlive? KeepAlive)
{
    public bool Raw { get; init; }
}
