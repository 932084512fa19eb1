using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine;

namespace ModelScale.ChatHost.Api.Ollama;

/// <summary>
/// A checked chat or generation: <paramref name="Name"/> is the model name as the client wrote it (echoed in every
/// line), <paramref name="ProfileId"/> the profile it means; the conversation, the options, whether to stream, and the
/// keep_alive asked for (null when none), and the field that made the prompt raw, if one did (/api/generate's raw, the
/// text as it is, or suffix, a fill-in-the-middle prompt): only this server's own models take those.
/// </summary>
public sealed record OllamaTurn(string Name, string ProfileId, IReadOnlyList<ChatMessage> Messages, OllamaModelOptions Options, bool Stream, ModelKeepAlive? KeepAlive)
{
    /// <summary>"raw" or "suffix" when the prompt goes to the model without the chat template; null for a chat.</summary>
    public string? RawBy { get; init; }
}
