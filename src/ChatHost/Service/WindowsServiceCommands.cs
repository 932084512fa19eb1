namespace ModelScale.ChatHost.Service;

/// <summary>The sc.exe command lines that register, remove and query the Windows service (pure functions).</summary>
public static class WindowsServiceCommands
{
    public const string ServiceName = "ModelScale";

    public static IReadOnlyList<string> Create(ServiceExecutable executable, IReadOnlyList<string> serveArguments)
    {
        ArgumentNullException.ThrowIfNull(executable);
        ArgumentNullException.ThrowIfNull(serveArguments);
        var binPath = string.Join(' ', executable.Command.Concat(["serve"]).Concat(serveArguments).Select(QuoteWindows));
        return ["create", ServiceName, "binPath=", binPath, "start=", "auto", "DisplayName=", "ModelScale local chat service"];
    }

    public static IReadOnlyList<string> Describe() =>
        ["description", ServiceName, "Local chat service with an OpenAI-compatible API (modelscale serve)."];

    public static IReadOnlyList<string> Delete() => ["delete", ServiceName];

    public static IReadOnlyList<string> Query() => ["query", ServiceName];

    /// <summary>Quotes one word of a Windows command line (CommandLineToArgvW rules).</summary>
    public static string QuoteWindows(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length > 0 && !word.Any(c => char.IsWhiteSpace(c) || c == '"'))
        {
            return word;
        }

        var quoted = new System.Text.StringBuilder("\"");
        var backslashes = 0;
        foreach (var c in word)
        {
            if (c == '\\')
            {
                backslashes++;
                continue;
            }

            quoted.Append('\\', c == '"' ? (backslashes * 2) + 1 : backslashes).Append(c);
            backslashes = 0;
        }

        return quoted.Append('\\', backslashes * 2).Append('"').ToString();
    }
}
