namespace ModelScale.ChatHost.Sessions;

/// <summary>
/// What the service allows a session's answers (serve's --max-tokens-limit): an answer never runs longer than
/// <see cref="MaxTokens"/>, whatever the session's own sampling says; null leaves it to the session (chat).
/// </summary>
public sealed record SessionLimits(int? MaxTokens = null)
{
    /// <summary>The tokens an answer may run to: the session's own maximum within the limit, or the limit.</summary>
    public int? Cap(int? requested) => (requested, MaxTokens) switch
    {
        (null, var limit) => limit,
        (var asked, null) => asked,
        var (asked, limit) => Math.Min(asked.Value, limit.Value),
    };
}
