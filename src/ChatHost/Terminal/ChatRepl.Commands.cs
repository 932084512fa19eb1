using ModelScale.ChatHost.Replay;
using ModelScale.ChatHost.Sessions;
using Spectre.Console;

namespace ModelScale.ChatHost.Terminal;

/// <summary>The slash commands.</summary>
public sealed partial class ChatRepl
{
    private static readonly (string Name, string Usage, string Help)[] Commands =
    [
        ("/help", "/help", "this list"),
        ("/profiles", "/profiles", "the profiles, and which are on disk"),
        ("/profile", "/profile ID|PATH", "switch model; the conversation carries over"),
        ("/system", "/system [TEXT|--clear]", "show, set or clear the system prompt"),
        ("/reset", "/reset", "forget the conversation (the system prompt stays)"),
        ("/history", "/history", "the conversation so far"),
        ("/save", "/save FILE", "save the conversation as JSON (replay reads it too)"),
        ("/load", "/load FILE", "load a saved conversation"),
        ("/stats", "/stats", "timings of the last answer"),
        ("/replay", "/replay ID[,ID...] [--teacher-forcing]", "replay this conversation on other profiles and compare; the chat carries on after"),
        ("/exit", "/exit", "quit (also /quit, or end of input)"),
    ];

    /// <summary>Runs one slash command. Returns false when the REPL should end.</summary>
    private async Task<bool> RunCommandAsync(string line, CancellationToken cancellationToken)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var name = (space < 0 ? line : line[..space]).ToLowerInvariant();
        var argument = space < 0 ? string.Empty : line[(space + 1)..].Trim();

        switch (name)
        {
            case "/exit" or "/quit":
                return false;
            case "/help":
                ShowHelp();
                break;
            case "/profiles":
                Out.Write(ReplRenderer.ProfilesTable(await session.ListProfilesAsync(cancellationToken)));
                break;
            case "/profile":
                if (argument.Length == 0)
                {
                    ReportError($"Usage: /profile ID|PATH. Active: {session.Profile?.Id ?? "none"}; /profiles lists the ids.");
                    break;
                }

                await SwitchAsync(Unquote(argument), cancellationToken);
                break;
            case "/system":
                await SystemCommandAsync(argument, cancellationToken);
                break;
            case "/reset":
                await session.ResetAsync(cancellationToken);
                Status.MarkupLine("[grey]Conversation cleared.[/]");
                break;
            case "/history":
                foreach (var entry in ReplRenderer.HistoryLines(session))
                {
                    Out.WriteLine(entry);
                }

                break;
            case "/save":
                await RunFileCommandAsync(argument, "save", async path =>
                {
                    ConversationFile.Save(await session.ExportAsync(cancellationToken), path);
                    Status.MarkupLine($"[grey]Saved {session.History.Count} messages to {Markup.Escape(Path.GetFullPath(path))}.[/]");
                });
                break;
            case "/load":
                await RunFileCommandAsync(argument, "load", async path =>
                {
                    await session.ImportAsync(ConversationFile.Load(path), cancellationToken);
                    Status.MarkupLine($"[grey]Loaded {session.History.Count} messages from {Markup.Escape(path)}; the next answer sees them all.[/]");
                });
                break;
            case "/stats":
                if (session.LastStats is { } stats)
                {
                    Out.Write(ReplRenderer.StatsTable(stats));
                }
                else
                {
                    Status.MarkupLine("[grey]No answer yet.[/]");
                }

                break;
            case "/replay":
                await ReplayAsync(argument, cancellationToken);
                break;
            default:
                var hint = Commands.Select(c => c.Name).FirstOrDefault(c => c.StartsWith(name, StringComparison.Ordinal) || name.StartsWith(c, StringComparison.Ordinal));
                ReportError($"Unknown command '{name}'.{(hint is null ? "" : $" Did you mean {hint}?")} Type /help for the list.");
                break;
        }

        return true;
    }

    /// <summary>
    /// Plays the conversation so far on the given profiles, each in a session of its own, and prints the comparison.
    /// This session keeps its profile and history; if the replay pushed its model out of memory, the next answer
    /// loads it again. Ctrl+C stops the replay and shows what finished.
    /// </summary>
    private async Task ReplayAsync(string argument, CancellationToken cancellationToken)
    {
        var words = argument.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
        var teacherForcing = words.Contains("--teacher-forcing", StringComparer.Ordinal);
        var profiles = words.Where(w => !w.StartsWith("--", StringComparison.Ordinal)).Select(Unquote).ToList();
        if (replay is null)
        {
            ReportError("Replay is not available in this chat.");
            return;
        }

        if (profiles.Count == 0)
        {
            ReportError("Usage: /replay ID[,ID...] [--teacher-forcing], for example /replay 1b,7b; /profiles lists the ids.");
            return;
        }

        var conversation = await session.ExportAsync(cancellationToken);
        if (conversation.Turns.Count == 0)
        {
            ReportError("There is nothing to replay yet: say something first, or /load a conversation.");
            return;
        }

        var token = interrupts.BeginAnswer(cancellationToken);
        try
        {
            var replayOptions = new ReplayOptions { Profiles = profiles, Sampling = session.Sampling, TeacherForcing = teacherForcing, Source = "this chat" };
            replay.Check(profiles);
            ReplayRunner.Validate(conversation, replayOptions, "This chat");
            var view = new ReplayView(new ReplayConsoles(Out, Status, consoles.Interactive));
            var result = await view.ShowAsync(progress => replay.RunAsync(conversation, replayOptions, progress, token));
            Out.Write(ReplayView.Verdict(result));
            Out.Write(ReplayView.Turns(result));
            if (result.Interrupted)
            {
                Status.MarkupLine("[yellow]Replay stopped; the table shows what had finished.[/]");
            }

            Status.MarkupLine($"[grey]Back on {Markup.Escape(session.Profile?.Id ?? "no profile")}, with {session.History.Count} messages.[/]");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ReportError(ex);
        }
        finally
        {
            interrupts.EndAnswer();
        }
    }

    private void ShowHelp()
    {
        var table = new Table().HideHeaders().NoBorder().AddColumns("command", "what");
        foreach (var (_, usage, help) in Commands)
        {
            table.AddRow(Markup.Escape(usage), Markup.Escape(help));
        }

        Out.Write(table);
    }

    private async Task SystemCommandAsync(string argument, CancellationToken cancellationToken)
    {
        if (argument.Length == 0)
        {
            Out.WriteLine(session.SystemPrompt is { } current ? $"System prompt: {current}" : "No system prompt.");
            return;
        }

        await session.SetSystemPromptAsync(argument == "--clear" ? null : argument, cancellationToken);
        Status.MarkupLine(session.SystemPrompt is null ? "[grey]System prompt cleared.[/]" : "[grey]System prompt set; it applies from the next answer.[/]");
    }

    private async Task RunFileCommandAsync(string argument, string verb, Func<string, Task> action)
    {
        if (argument.Length == 0)
        {
            ReportError($"Usage: /{verb} FILE.");
            return;
        }

        try
        {
            await action(Unquote(argument));
        }
        catch (ConversationException ex)
        {
            ReportError(ex);
        }
    }

    private static string Unquote(string text) =>
        text.Length >= 2 && (text[0] == '"' || text[0] == '\'') && text[^1] == text[0] ? text[1..^1] : text;
}
