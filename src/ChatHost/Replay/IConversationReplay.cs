using ModelScale.ChatHost.Sessions;

namespace ModelScale.ChatHost.Replay;

/// <summary>
/// Plays a conversation on several profiles and compares them: here (<see cref="ReplayRunner"/>), or in the service a
/// chat is connected to (<c>RemoteReplay</c>).
/// </summary>
public interface IConversationReplay
{
    /// <summary>Checks the profiles before anything plays; throws with one sentence for one that cannot be used.</summary>
    void Check(IReadOnlyList<string> profiles);

    Task<ReplayResult> RunAsync(Conversation conversation, ReplayOptions options, IReplayProgress? progress = null, CancellationToken cancellationToken = default);
}
