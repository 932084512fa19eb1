using ModelScale.ChatHost.Terminal;
using ModelScale.Profiles.Errors;
using Spectre.Console;

namespace ModelScale.ChatHost.Commands;

/// <summary>
/// Runs a verb, and is the one place where the CLI answers a failure: a <see cref="ModelScaleException"/> is one
/// sentence and the exit code of its kind (<see cref="ExitCodes.For"/>), anything else is a bug (exit code 70), and
/// Ctrl+C is 130. Stack traces only with --verbose.
/// </summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(bool verbose, Func<Task<int>> action)
    {
        // A redirected stderr gets neither colour nor wrapping: an error stays one line for a script to read.
        var errors = StandardConsoles.Create(Console.Error, colour: !Console.IsErrorRedirected);
        return await RunAsync(errors, verbose, action);
    }

    internal static async Task<int> RunAsync(IAnsiConsole errors, bool verbose, Func<Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return await action();
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Interrupted;
        }
        catch (ModelScaleException ex)
        {
            errors.MarkupLine($"[red]error:[/] {Markup.Escape(ex.Message)}");
            if (verbose)
            {
                errors.WriteException(ex);
            }

            return ExitCodes.For(ex.Kind);
        }
        catch (Exception ex)
        {
            errors.MarkupLine($"[red]unexpected error:[/] {Markup.Escape(ex.Message)}{(verbose ? "" : " (run with --verbose for details)")}");
            if (verbose)
            {
                errors.WriteException(ex);
            }

            return ExitCodes.Unexpected;
        }
    }
}
