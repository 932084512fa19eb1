using ModelScale.Profiles.Catalog;
using ModelScale.Profiles.Store;
using Spectre.Console;

namespace ModelScale.ChatHost.Terminal;

/// <summary>
/// Shows a pull: a Spectre progress bar with rate and ETA on a terminal, or a plain line every few seconds when output is
/// piped, then the outcome on stdout.
/// </summary>
public sealed class PullView(PullConsoles consoles, TimeProvider time, CommandHint hint)
{
    /// <summary>How often a plain progress line is written when output is not a terminal.</summary>
    public static readonly TimeSpan PlainLineInterval = TimeSpan.FromSeconds(5);

    /// <summary>Runs the pull with progress shown; on cancellation says how to resume, then rethrows.</summary>
    public async Task<PullResult> ShowAsync(ModelProfile profile, Func<IProgress<DownloadProgress>, Task<PullResult>> pull)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(pull);
        try
        {
            return consoles.Interactive ? await WithBarAsync(pull) : await pull(new Callback(PlainLines()));
        }
        catch (OperationCanceledException)
        {
            consoles.Status.MarkupLine($"[yellow]Stopped; run `{Markup.Escape(hint.For("pull", profile.Id))}` again to resume.[/]");
            throw;
        }
    }

    /// <summary>Writes what the pull did to stdout.</summary>
    public void Report(ModelProfile profile, PullResult result)
    {
        foreach (var line in PullRenderer.Outcome(profile, result))
        {
            consoles.Out.WriteLine(line);
        }
    }

    private Task<PullResult> WithBarAsync(Func<IProgress<DownloadProgress>, Task<PullResult>> pull)
        => consoles.Status.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadStatsColumn())
            .StartAsync(context =>
            {
                var tasks = new Dictionary<DownloadStage, ProgressTask>();
                return pull(new Callback(p =>
                {
                    if (!tasks.TryGetValue(p.Stage, out var task))
                    {
                        task = tasks[p.Stage] = context.AddTask(Markup.Escape(PullRenderer.Title(p)));
                        if (PullRenderer.Resumption(p) is { } how)
                        {
                            // Said once, above the bar (Spectre writes it above the live display), so a restart from zero is never silent.
                            consoles.Status.MarkupLine($"[yellow]{Markup.Escape(char.ToUpperInvariant(how[0]) + how[1..])}.[/]");
                        }
                    }

                    task.IsIndeterminate = p.TotalBytes is null;
                    task.MaxValue = Math.Max(1, p.TotalBytes ?? p.BytesDone);
                    task.Value = p.BytesDone;
                    task.Tag = p;
                }));
            });

    /// <summary>A line on the first report of each stage, every few seconds after that, and once when the stage completes.</summary>
    private Action<DownloadProgress> PlainLines()
    {
        DownloadStage? stage = null;
        long lastLine = 0;
        var completed = false;
        return p =>
        {
            var now = time.GetTimestamp();
            var first = p.Stage != stage;
            var complete = p.TotalBytes == p.BytesDone;
            if (first || (!completed && (complete || time.GetElapsedTime(lastLine, now) >= PlainLineInterval)))
            {
                consoles.Status.WriteLine(PullRenderer.Line(p));
                (stage, lastLine, completed) = (p.Stage, now, complete);
            }
        };
    }

    /// <summary>Runs the callback on the reporting thread, in order (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class Callback(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }
}
