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
        var outConsole = Create(Console.Out, interactive && !Console.IsOutputRedirected);
        var statusConsole = interactive ? outConsole : Create(Console.Error, !Console.IsErrorRedirected && !Console.IsOutputRedirected);
        return new ReplConsoles(outConsole, statusConsole, interactive);
    }

    internal static IAnsiConsole Create(TextWriter writer, bool colour)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = colour ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = colour ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = colour ? InteractionSupport.Detect : InteractionSupport.No,
        });

        // A pipe has no width: never wrap lines that a script will read.
        if (!colour)
        {
            console.Profile.Width = 100_000;
        }

        return console;
    }
}
