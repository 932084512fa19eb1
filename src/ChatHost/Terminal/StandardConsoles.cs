using Spectre.Console;

namespace ModelScale.ChatHost.Terminal;

/// <summary>
/// Spectre consoles over the process's standard streams: colour only when the stream is a terminal, and a pipe is never
/// wrapped, so that a script reads whole lines.
/// </summary>
public static class StandardConsoles
{
    /// <summary>stdout, for a verb's output (tables, reports, JSON).</summary>
    public static IAnsiConsole Out() => Create(Console.Out, colour: !Console.IsOutputRedirected);

    public static IAnsiConsole Create(TextWriter writer, bool colour)
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
