using System.Globalization;
using ModelScale.ChatHost.Replay;
using Spectre.Console;

namespace ModelScale.ChatHost.Terminal;

/// <summary>
/// Shows a replay: a Spectre progress display with a bar per tier on a terminal, or a plain line per event otherwise;
/// then a compact comparison table.
/// </summary>
public sealed class ReplayView(ReplayConsoles consoles)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Runs the replay with its progress shown.</summary>
    public Task<ReplayResult> ShowAsync(Func<IReplayProgress, Task<ReplayResult>> replay)
    {
        ArgumentNullException.ThrowIfNull(replay);
        if (!consoles.Interactive)
        {
            return replay(new PlainLines(consoles.Status));
        }

        return consoles.Status.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new ElapsedTimeColumn())
            .StartAsync(context => replay(new Bars(context)));
    }

    /// <summary>The comparison: one row per tier with what it is, what it cost and how it answered.</summary>
    public static Table SummaryTable(ReplayResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("tier")
            .AddColumn(new TableColumn("params").RightAligned())
            .AddColumn(new TableColumn("size").RightAligned())
            .AddColumn(new TableColumn("load").RightAligned())
            .AddColumn(new TableColumn("GPU").RightAligned())
            .AddColumn(new TableColumn("TTFT").RightAligned())
            .AddColumn(new TableColumn("tok/s").RightAligned())
            .AddColumn(new TableColumn("peak RAM").RightAligned())
            .AddColumn(new TableColumn("VRAM").RightAligned())
            .AddColumn(new TableColumn("keywords").RightAligned())
            .AddColumn("first answer");
        foreach (var p in result.Profiles)
        {
            if (!p.Played)
            {
                var colour = p.Status == ReplayStatus.Skipped ? "yellow" : "red";
                table.AddRow(
                    Markup.Escape(p.Id), Markup.Escape(ReportText.Parameters(p.ParameterCount)), Markup.Escape(ReportText.Size(p.FileSizeBytes)),
                    "-", Markup.Escape(ReportText.GpuLayers(p.Plan)), "-", "-", "-", "-", "-", $"[{colour}]{Markup.Escape(p.StatusLine)}[/]");
                continue;
            }

            table.AddRow(
                Markup.Escape(p.Id),
                Markup.Escape(ReportText.Parameters(p.ParameterCount)),
                Markup.Escape(ReportText.Size(p.FileSizeBytes)),
                Markup.Escape(ReportText.Duration(p.LoadTime)),
                Markup.Escape(ReportText.GpuLayers(p.Plan)),
                Markup.Escape(ReportText.Duration(p.MeanTimeToFirstToken)),
                Markup.Escape(ReportText.Rate(p.DecodeTokensPerSecond)),
                Markup.Escape(p.Memory is { } m ? ReportText.Size(m.PeakRssBytes) : "-"),
                Markup.Escape(p.Memory is { PeakVramBytes: { } v } ? ReportText.Size(v) : "-"),
                Markup.Escape(ReportText.Keywords(p)),
                Markup.Escape(ReportText.Shorten(p.Turns[0].Answer, 48)) + (p.Status == ReplayStatus.Completed ? "" : $" [red]({Markup.Escape(p.StatusLine)})[/]"));
        }

        return table;
    }

    /// <summary>One line per event, for a pipe or a log: "[1/2] stories: turn 2/3: 24 tokens, 812.4 tok/s, length".</summary>
    internal sealed class PlainLines(IAnsiConsole status) : IReplayProgress
    {
        private string _prefix = "";

        public void ProfileStarting(int index, int count, string id, int turns) =>
            _prefix = string.Create(Invariant, $"[{index + 1}/{count}] {id}");

        public void ProfileLoaded(string id, TimeSpan loadTime, ReplayPlan? plan) =>
            status.WriteLine($"{_prefix}: loaded in {ReportText.Duration(loadTime)}{(plan is null ? "" : $" ({ReportText.GpuLayers(plan)} GPU layers)")}");

        public void TurnFinished(string id, TurnResult turn, int turns) =>
            status.WriteLine(string.Create(Invariant,
                $"{_prefix}: turn {turn.Turn}/{turns}: {turn.CompletionTokens} tokens, TTFT {ReportText.Duration(turn.TimeToFirstToken)}, {ReportText.Rate(turn.DecodeTokensPerSecond)} tok/s, {turn.FinishReason}"));

        public void ProfileFinished(int index, int count, ProfileResult result)
        {
            ArgumentNullException.ThrowIfNull(result);
            if (result.Status != ReplayStatus.Completed || result.Turns.Count == 0)
            {
                status.WriteLine($"{_prefix}: {result.StatusLine}{(result.Detail is { } detail ? $" ({detail})" : "")}");
            }
        }
    }

    /// <summary>A progress bar per tier: a step for the load and one per turn.</summary>
    private sealed class Bars(ProgressContext context) : IReplayProgress
    {
        private ProgressTask? _task;
        private string _id = "";

        public void ProfileStarting(int index, int count, string id, int turns)
        {
            _id = id;
            _task = context.AddTask(Markup.Escape($"{id}: loading"), maxValue: turns + 1);
        }

        public void ProfileLoaded(string id, TimeSpan loadTime, ReplayPlan? plan)
        {
            _task?.Increment(1);
            _task?.Description(Markup.Escape($"{id}: loaded in {ReportText.Duration(loadTime)}"));
        }

        public void TurnFinished(string id, TurnResult turn, int turns)
        {
            _task?.Increment(1);
            _task?.Description(Markup.Escape(string.Create(Invariant, $"{id}: turn {turn.Turn}/{turns} ({ReportText.Rate(turn.DecodeTokensPerSecond)} tok/s)")));
        }

        public void ProfileFinished(int index, int count, ProfileResult result)
        {
            ArgumentNullException.ThrowIfNull(result);
            if (_task is null)
            {
                return;
            }

            var colour = result.Status switch
            {
                ReplayStatus.Completed => "green",
                ReplayStatus.Skipped => "yellow",
                _ => "red",
            };
            _task.Description($"[{colour}]{Markup.Escape($"{_id}: {result.StatusLine}")}[/]");
            _task.Value = _task.MaxValue;
            _task.StopTask();
        }
    }
}
