using ModelScale.ChatHost.Terminal;
using Spectre.Console;

namespace ModelScale.ChatHost.Commands;

/// <summary>Runs a verb: a user's mistake becomes one sentence and exit code 1, anything else exit code 70; stack traces only with --verbose.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(bool verbose, Func<Task<int>> action)
    {
        // Piped stderr gets no colour and no wrapping, so a long URL or path in an error stays on one line.
        var errors = ReplConsoles.Create(Console.Error, colour: !Console.IsErrorRedirected);

        try
        {
            return await action();
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Interrupted;
        }
        catch (Exception ex) when (UserErrors.IsUserError(ex))
        {
            errors.MarkupLine($"[red]error:[/] {Markup.Escape(ex.Message)}");
            if (verbose)
            {
                errors.WriteException(ex);
            }

            return ExitCodes.UserError;
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
