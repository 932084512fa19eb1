namespace ModelScale.Tests.Shared;

/// <summary>
/// Where the system's Chromium is (Debian's `chromium` package; .ci/run installs it when missing): the browser the web
/// page's tests drive through Playwright, launched by path; Playwright's own browsers are never downloaded.
/// MODELSCALE_TEST_CHROMIUM names another executable.
/// </summary>
internal static class Chromium
{
    public const string Variable = "MODELSCALE_TEST_CHROMIUM";

    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    private static readonly Lazy<string?> Found = new(() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } named ? (File.Exists(named) ? named : null) : Candidates.FirstOrDefault(File.Exists));

    /// <summary>The executable, or null when this machine has none.</summary>
    public static string? Path => Found.Value;

    /// <summary>Null when a Chromium was found; otherwise the one line a skipped test shows.</summary>
    public static string? MissingReason => Path is null
        ? Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } named
            ? $"needs Chromium: {Variable} names {named}, which does not exist"
            : $"needs Chromium (apt-get install chromium, or set {Variable}); none at {string.Join(", ", Candidates)}"
        : null;
}

/// <summary>
/// A fact that drives a real browser: skipped with one line when no Chromium is installed, never passed without running.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.MissingReason is { } reason)
        {
            Skip = reason;
        }
    }
}
