using Spectre.Console;

namespace ModelScale.ChatHost.Terminal;

/// <summary>
/// Where the REPL writes. Answers and command output go to <see cref="Out"/>; status lines, notices and errors go to
/// <see cref="Status"/> (stderr when piped, so that `modelscale chat &lt; in.txt &gt; out.txt` holds only the answers).
/// </summary>
public sealed record ReplConsoles(IAnsiConsole Out, IAnsiConsole Status, bool Interactive)
{
    /// <summary>Consoles for the real terminal: colour only when both ends are a terminal.</summary>
    public static ReplConsoles ForProcess()
    {
        var interactive = !Console.IsInputRedirected && !Console.IsOutputRedirected;
        var outConsole = StandardConsoles.Create(Console.Out, interactive && !Console.IsOutputRedirected);
        var statusConsole = interactive ? outConsole : StandardConsoles.Create(Console.Error, !Console.IsErrorRedirected && !Console.IsOutputRedirected);
        return new ReplConsoles(outConsole, statusConsole, interactive);
    }

    /// <summary>A warning line on the status console.</summary>
    public void Warning(string text) => Status.MarkupLine($"[yellow]warning:[/] {Markup.Escape(text)}");
}
