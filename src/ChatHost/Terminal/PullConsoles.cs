using Spectre.Console;

namespace ModelScale.ChatHost.Terminal;

/// <summary>
/// Where `modelscale pull` writes: the outcome goes to <see cref="Out"/>, progress and notices to <see cref="Status"/>
/// (stderr). The live progress bar needs both to be a terminal; otherwise progress is plain lines.
/// </summary>
public sealed record PullConsoles(IAnsiConsole Out, IAnsiConsole Status, bool Interactive)
{
    public static PullConsoles ForProcess() => new(
        StandardConsoles.Create(Console.Out, !Console.IsOutputRedirected),
        StandardConsoles.Create(Console.Error, !Console.IsErrorRedirected),
        !Console.IsOutputRedirected && !Console.IsErrorRedirected);
}
