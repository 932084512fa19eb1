using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Replay;
using ModelScale.ChatHost.Sessions;
using ModelScale.Profiles.Errors;
using Spectre.Console;

namespace ModelScale.ChatHost.Terminal;

/// <summary>
/// The terminal chat loop: reads lines, sends messages to the session and streams the answer, and runs slash
/// commands. It talks only to <see cref="IChatSession"/> (and, for /replay, to an <see cref="IConversationReplay"/>, which
/// plays in sessions of its own). A bad input gets one sentence and the loop goes on.
/// </summary>
public sealed partial class ChatRepl(
    IChatSession session,
    ReplConsoles consoles,
    TextReader input,
    InterruptHandler interrupts,
    ReplOptions options,
    IConversationReplay? replay = null,
    CommandHint? hint = null,
    LineEditor? editor = null)
{
    private readonly HashSet<string> _templateNoticeShown = new(StringComparer.Ordinal);

    private IAnsiConsole Out => consoles.Out;

    private IAnsiConsole Status => consoles.Status;

    /// <summary>Runs until /exit or end of input. False when the chat could not start (the reason was shown).</summary>
    public async Task<bool> RunAsync(CancellationToken cancellationToken = default)
    {
        string? resumedProfile = null;
        if (options.ResumeSession is { } resume)
        {
            if (await ResumeAsync(resume, cancellationToken) is not { } stored)
            {
                return false;
            }

            resumedProfile = stored;
        }

        if (options.ResumeSession is null || options.SystemPrompt is not null)
        {
            await session.SetSystemPromptAsync(options.SystemPrompt, cancellationToken);
        }

        if (options.ResumeSession is null || options.SamplingGiven)
        {
            await session.SetSamplingAsync(options.Sampling, cancellationToken);
        }

        if (!await StartAsync(resumedProfile, cancellationToken))
        {
            return false;
        }

        if (consoles.Interactive)
        {
            Status.MarkupLine(editor is null
                ? "[grey]Type a message, or /help. Ctrl+C stops an answer; Ctrl+C again (or /exit) quits.[/]"
                : "[grey]Type a message, or /help. End a line with \\ to go on below; a paste keeps its lines. Up/Down: history. Ctrl+C stops an answer; at an empty prompt (or /exit) it quits.[/]");
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            var line = await ReadAsync(cancellationToken);
            if (line is null)
            {
                break;
            }

            line = line.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('/'))
            {
                if (!await RunCommandAsync(line, cancellationToken))
                {
                    break;
                }

                continue;
            }

            await AnswerAsync(line, cancellationToken);
        }

        return true;
    }

    /// <summary>The next message or command: from the line editor on a terminal, else a line of input; null ends the chat.</summary>
    private async Task<string?> ReadAsync(CancellationToken cancellationToken)
    {
        if (editor is null)
        {
            if (consoles.Interactive)
            {
                Out.Markup("[bold]> [/]");
            }

            return await input.ReadLineAsync(cancellationToken);
        }

        var read = editor.ReadLine("> ");
        return read.Kind == LineKind.Line ? read.Text : null;
    }

    /// <summary>Continues a session the service holds; returns the profile it was on, or null after saying why not.</summary>
    private async Task<string?> ResumeAsync(string id, CancellationToken cancellationToken)
    {
        if (!session.CanResume)
        {
            ReportError("Only a session held by a service can be resumed: use --session with --connect.");
            return null;
        }

        try
        {
            var profile = await session.ResumeAsync(id, cancellationToken);
            Status.MarkupLine($"[green]{Markup.Escape($"Resumed session {id}: {session.History.Count} messages{(profile is null ? "" : $", on {profile}")}.")}[/]");
            return profile;
        }
        catch (ModelScaleException ex)
        {
            ReportError(ex);
            return null;
        }
    }

    private async Task<bool> StartAsync(string? resumedProfile, CancellationToken cancellationToken)
    {
        if (options.StartNote is { } note)
        {
            Status.MarkupLine($"[green]{Markup.Escape(note)}[/]");
        }

        var first = options.Profile ?? resumedProfile;
        if (first is null)
        {
            var listings = await session.ListProfilesAsync(cancellationToken);
            first = listings.FirstOrDefault(l => l.OnDisk)?.Profile.Id;
            if (first is null)
            {
                var where = listings.FirstOrDefault(l => l.Path is not null)?.Path is { } p ? Path.GetDirectoryName(p) : null;
                var ids = string.Join(", ", listings.Select(l => l.Profile.Id));
                var smallest = listings.FirstOrDefault()?.Profile.Id ?? "ID";
                ReportError($"No profile is on disk yet ({ids}){(where is null ? "" : $"; model files are looked for in {where}")}: download one with `{(hint ?? new CommandHint("modelscale")).For("pull", smallest)}`, or start with --model PATH.");
                return false;
            }
        }

        return await SwitchAsync(first, cancellationToken);
    }

    private async Task AnswerAsync(string text, CancellationToken cancellationToken)
    {
        var token = interrupts.BeginAnswer(cancellationToken);
        var writer = Out.Profile.Out.Writer;
        var wrap = consoles.Interactive ? new WordWrap(writer, Math.Max(20, Out.Profile.Width)) : null;
        var wroteText = false;
        try
        {
            await foreach (var update in session.SendAsync(text, token))
            {
                if (update.Text is { } piece)
                {
                    if (wrap is null)
                    {
                        writer.Write(piece);
                        writer.Flush();
                    }
                    else
                    {
                        wrap.Write(piece);
                    }

                    wroteText = true;
                }
                else if (update.Notice is { } notice)
                {
                    EndLine(ref wroteText, wrap);
                    Status.MarkupLine($"[yellow]{Markup.Escape(notice)}[/]");
                }
                else if (update.Stats is { } stats)
                {
                    EndLine(ref wroteText, wrap);
                    if (consoles.Interactive)
                    {
                        Status.MarkupLine($"[grey]{Markup.Escape(ReplRenderer.StatsLine(stats))}[/]");
                    }
                }
            }

            EndLine(ref wroteText, wrap);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            EndLine(ref wroteText, wrap);
            Status.MarkupLine("[yellow]Answer stopped; what was shown is kept in the history.[/]");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            EndLine(ref wroteText, wrap);
            ReportError(ex);
        }
        finally
        {
            interrupts.EndAnswer();
        }
    }

    private async Task<bool> SwitchAsync(string idOrPath, CancellationToken cancellationToken)
    {
        var before = session.Profile;
        try
        {
            var loaded = await session.SwitchToAsync(idOrPath, cancellationToken);
            Status.MarkupLine($"[green]{Markup.Escape(ReplRenderer.LoadLine(loaded, session.History.Count))}[/]");
            if (!loaded.WasResident && ReplRenderer.PlanLine(loaded) is { } planLine)
            {
                Status.MarkupLine($"[grey]{Markup.Escape(planLine)}[/]");
            }
            if (loaded.Template == TemplateSource.ChatMLFallback && _templateNoticeShown.Add(loaded.Profile.Id))
            {
                Status.MarkupLine($"[yellow]{Markup.Escape(loaded.Profile.DisplayName)} has no chat template; using ChatML.[/]");
            }

            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ReportError(ex);
            if (before is not null)
            {
                Status.MarkupLine($"[grey]Still on {Markup.Escape(before.Id)}, with {session.History.Count} messages.[/]");
            }

            return false;
        }
    }

    private void EndLine(ref bool wroteText, WordWrap? wrap)
    {
        wrap?.Finish();
        if (wroteText)
        {
            Out.WriteLine();
            wroteText = false;
        }
    }

    private void ReportError(Exception ex)
    {
        if (ex is ModelScaleException)
        {
            ReportError(ex.Message);
        }
        else
        {
            ReportError($"Unexpected error: {ex.Message}");
        }

        if (options.Verbose)
        {
            Status.WriteException(ex);
        }
    }

    private void ReportError(string sentence) => Status.MarkupLine($"[red]error:[/] {Markup.Escape(sentence)}");
}
