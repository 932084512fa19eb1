using Spectre.Console;

namespace ModelScale.ChatHost.Terminal;

/// <summary>
/// Where a replay writes: the comparison and the files written go to <see cref="Out"/>, progress to
/// <see cref="Status"/> (stderr for the verb). The live progress display needs a terminal; otherwise progress is plain lines.
/// </summary>
public sealed record ReplayConsoles(IAnsiConsole Out, IAnsiConsole Status, bool Interactive)
{
    public static ReplayConsoles ForProcess() => new(
        StandardConsoles.Create(Console.Out, !Console.IsOutputRedirected),
        StandardConsoles.Create(Console.Error, !Console.IsErrorRedirected),
        !Console.IsOutputRedirected && !Console.IsErrorRedirected);
}
