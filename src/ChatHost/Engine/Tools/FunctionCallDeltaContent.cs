using Microsoft.Extensions.AI;

namespace ModelScale.ChatHost.Engine.Tools;

/// <summary>
/// A piece of a tool call while the model writes it, in a streamed update: the first piece of a call carries its
/// <see cref="Name"/>, each later one the next <see cref="Arguments"/> fragment. The whole call follows as a
/// <see cref="FunctionCallContent"/> with the same <see cref="CallId"/> once it is complete, and its arguments' JSON text
/// begins with the fragments joined, so a front end that streams these sends nothing twice. Clients that know nothing
/// of it lose nothing: the <see cref="FunctionCallContent"/> is the call.
/// </summary>
public sealed class FunctionCallDeltaContent(string callId, string? name, string arguments) : AIContent
{
    public string CallId { get; } = callId;

    /// <summary>The function's name, on the call's first piece only.</summary>
    public string? Name { get; } = name;

    /// <summary>The next fragment of the arguments' JSON text (empty on a first piece that has none yet).</summary>
    public string Arguments { get; } = arguments;
}
