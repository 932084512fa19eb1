namespace ModelScale.ChatHost.Replay;

/// <summary>The replay's quality signal: which expected keywords an answer contains, ignoring case.</summary>
public static class Keywords
{
    public static IReadOnlyList<string> Found(string answer, IEnumerable<string> expected)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(expected);
        return [.. expected.Where(k => !string.IsNullOrWhiteSpace(k) && answer.Contains(k.Trim(), StringComparison.OrdinalIgnoreCase))];
    }
}
