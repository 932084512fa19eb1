using System.Globalization;
using ModelScale.ChatHost.Replay;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ModelScale.ChatHost.Terminal;

/// <summary>
/// Shows a replay: a Spectre progress display on a terminal (an overall [n/N] line with the time left, and a bar per
/// tier; a skipped tier is grey and hollow, a completed one green), or a plain line per event otherwise; then the
/// verdict table, and in the chat's /replay every turn's answers.
/// </summary>
public sealed class ReplayView(ReplayConsoles consoles, TimeProvider? time = null)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Runs the replay with its progress shown.</summary>
    public Task<ReplayResult> ShowAsync(Func<IReplayProgress, Task<ReplayResult>> replay)
    {
        ArgumentNullException.ThrowIfNull(replay);
        if (!consoles.Interactive)
        {
            return replay(new PlainLines(consoles.Status, new Eta(_time)));
        }

        return consoles.Status.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new ElapsedTimeColumn())
            .StartAsync(context => replay(new Bars(context, new Eta(_time))));
    }

    /// <summary>The verdict line, the busy warning when there is one, and the verdict table.</summary>
    public static IRenderable Verdict(ReplayResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var parts = new List<IRenderable> { new Markup($"[bold]Verdict:[/] {Markup.Escape(Replay.Quality.VerdictText.Line(result))}") };
        parts.AddRange(ReportText.Warnings(result).Select(w => new Markup($"[yellow]Warning: {Markup.Escape(w)}[/]")));
        parts.Add(SummaryTable(result));
        return new Rows(parts);
    }

    /// <summary>The verdict table: one row per tier, measured or planned; the best of each column in bold green, planned tiers grey.</summary>
    public static Table SummaryTable(ReplayResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var table = new Table().Border(TableBorder.Rounded);
        var rows = VerdictTable.Rows(result);
        for (var c = 0; c < VerdictTable.Header.Count; c++)
        {
            var column = new TableColumn(VerdictTable.Header[c]);
            table.AddColumn(rows.Count > 0 && rows[0][c].Numeric ? column.RightAligned() : column);
        }

        for (var r = 0; r < rows.Count; r++)
        {
            var profile = result.Profiles[r];
            var style = profile.Played ? null : profile.Planned ? "grey" : profile.Status == ReplayStatus.Skipped ? "yellow" : "red";
            table.AddRow([.. rows[r].Select(cell =>
            {
                var text = Markup.Escape(cell.Text);
                return cell.Best && cell.Text != ReportText.None ? $"[bold green]{text}{VerdictTable.BestMark}[/]"
                    : style is not null ? $"[{style}]{text}[/]"
                    : text;
            })]);
        }

        if (result.Profiles.Any(p => p.Obtain is not null))
        {
            table.Caption(Markup.Escape(string.Join("; ", result.Profiles.Where(p => p.Obtain is not null).Select(p => $"{p.Id}: {p.Obtain}"))));
        }

        return table;
    }

    /// <summary>Every turn: the user's text, then each tier's answer in full under its label, with its figures.</summary>
    public static IRenderable Turns(ReplayResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var parts = new List<IRenderable>();
        var answering = ReportRows.Answering(result);
        for (var i = 0; i < result.Turns.Count; i++)
        {
            parts.Add(new Rule($"[bold]Turn {i + 1}[/]") { Justification = Justify.Left });
            parts.Add(new Markup($"[bold]User:[/] {Markup.Escape(result.Turns[i].User)}"));
            foreach (var p in answering)
            {
                var turn = i < p.Turns.Count ? p.Turns[i] : null;
                var figures = turn is null
                    ? p.StatusLine
                    : string.Create(Invariant, $"{turn.CompletionTokens} tokens, TTFT {ReportText.Duration(turn.TimeToFirstToken)}, {ReportText.Rate(turn.DecodeTokensPerSecond)} tok/s{(turn.Judgement is { } j ? $", judge {j.Score}/10" : "")}");
                parts.Add(new Panel(new Text(turn is null ? "-" : turn.Answer.Length == 0 ? "(empty answer)" : turn.Answer))
                    .Header(Markup.Escape($"{VerdictTable.Label(p)}: {figures}"))
                    .Border(BoxBorder.Rounded)
                    .Expand());
            }
        }

        return new Rows(parts);
    }

    /// <summary>Estimates the time left from the tiers played so far: their mean time, times the tiers still to play (skipped ones take none).</summary>
    internal sealed class Eta(TimeProvider time)
    {
        private long _started;
        private TimeSpan _played;
        private int _playedCount;
        private IReadOnlyList<bool>? _plays;

        public void Planned(IReadOnlyList<bool> plays) => _plays = plays;

        public void Started() => _started = time.GetTimestamp();

        /// <summary>Records a finished tier; "about 1 min 20 s left" while tiers remain and one has played, else "".</summary>
        public string Finished(int index, int count, bool played)
        {
            if (played)
            {
                _played += time.GetElapsedTime(_started);
                _playedCount++;
            }

            var remaining = _plays is { } plays ? plays.Skip(index + 1).Count(p => p) : count - index - 1;
            return remaining > 0 && _playedCount > 0 ? $"about {Left(_played / _playedCount * remaining)} left" : "";
        }

        private static string Left(TimeSpan t) => t.TotalMinutes >= 1
            ? string.Create(Invariant, $"{(int)t.TotalMinutes} min {t.Seconds} s")
            : string.Create(Invariant, $"{Math.Max(1, (int)Math.Round(t.TotalSeconds))} s");
    }

    /// <summary>One line per event, for a pipe or a log: "[1/2] stories: turn 2/3: 24 tokens, 812.4 tok/s, length".</summary>
    internal sealed class PlainLines(IAnsiConsole status, Eta eta) : IReplayProgress
    {
        private string _prefix = "";
        private int _passes = 1;
        private int _pass;

        public void ReplayStarting(IReadOnlyList<bool> plays) => eta.Planned(plays);

        public void ProfileStarting(int index, int count, string id, int turns)
        {
            _prefix = string.Create(Invariant, $"[{index + 1}/{count}] {id}");
            _passes = 1;
            _pass = 0;
            eta.Started();
        }

        public void ProfileLoaded(string id, TimeSpan loadTime, ReplayPlan? plan) =>
            status.WriteLine($"{_prefix}: loaded in {ReportText.Duration(loadTime)}{(plan is null ? "" : $" ({ReportText.GpuLayers(plan)} GPU layers)")}");

        public void PassStarting(string id, int pass, int passes)
        {
            _pass = pass;
            _passes = passes;
        }

        public void TurnFinished(string id, TurnResult turn, int turns) =>
            status.WriteLine(string.Create(Invariant,
                $"{_prefix}: {(_passes > 1 ? $"pass {_pass + 1}/{_passes}, " : "")}turn {turn.Turn}/{turns}: {turn.CompletionTokens} tokens, TTFT {ReportText.Duration(turn.TimeToFirstToken)}, {ReportText.Rate(turn.DecodeTokensPerSecond)} tok/s, {turn.FinishReason}"));

        public void ProfileFinished(int index, int count, ProfileResult result)
        {
            ArgumentNullException.ThrowIfNull(result);
            var left = eta.Finished(index, count, result.Played);
            var tail = left.Length > 0 ? $"; {left}" : "";
            if (result.Planned)
            {
                status.WriteLine($"{_prefix}: not run ({result.Reason}); planned: {(result.Plan!.Fits ? "fits" : "does not fit")}, predicted {VerdictTable.Predicted(result)} tok/s{(result.Obtain is { } get ? $"; get it with `{get}`" : "")}{tail}");
            }
            else if (result.Status != ReplayStatus.Completed || result.Turns.Count == 0)
            {
                status.WriteLine($"{_prefix}: {result.StatusLine}{(result.Detail is { } detail ? $" ({detail})" : "")}{tail}");
            }
            else
            {
                status.WriteLine($"{_prefix}: completed, {VerdictTable.Decode(result)} tok/s{tail}");
            }
        }
    }

    /// <summary>An overall line ([n/N] and the time left), and a bar per tier: a step for the load and one per turn of each pass.</summary>
    private sealed class Bars(ProgressContext context, Eta eta) : IReplayProgress
    {
        private ProgressTask? _overall;
        private ProgressTask? _task;
        private string _id = "";
        private string _position = "";
        private int _turns;

        public void ReplayStarting(IReadOnlyList<bool> plays) => eta.Planned(plays);

        public void ProfileStarting(int index, int count, string id, int turns)
        {
            _overall ??= context.AddTask("overall", maxValue: count);
            _overall.Description(Markup.Escape(string.Create(Invariant, $"overall [{index + 1}/{count}]")));
            _id = id;
            _turns = turns;
            _position = string.Create(Invariant, $"[{index + 1}/{count}]");
            eta.Started();
            _task = context.AddTask(Markup.Escape($"{_position} {id}: loading"), maxValue: turns + 1);
        }

        public void ProfileLoaded(string id, TimeSpan loadTime, ReplayPlan? plan)
        {
            _task?.Increment(1);
            _task?.Description(Markup.Escape($"{_position} {id}: loaded in {ReportText.Duration(loadTime)}"));
        }

        public void PassStarting(string id, int pass, int passes)
        {
            if (_task is not null && passes > 1)
            {
                _task.MaxValue = 1 + ((double)_turns * passes);
            }
        }

        public void TurnFinished(string id, TurnResult turn, int turns)
        {
            _task?.Increment(1);
            _task?.Description(Markup.Escape(string.Create(Invariant, $"{_position} {id}: turn {turn.Turn}/{turns} ({ReportText.Rate(turn.DecodeTokensPerSecond)} tok/s)")));
        }

        public void ProfileFinished(int index, int count, ProfileResult result)
        {
            ArgumentNullException.ThrowIfNull(result);
            var left = eta.Finished(index, count, result.Played);
            if (_overall is not null)
            {
                _overall.Value = index + 1;
                _overall.Description(Markup.Escape(string.Create(Invariant, $"overall [{index + 1}/{count}]{(left.Length > 0 ? $", {left}" : "")}")));
                if (index + 1 == count)
                {
                    _overall.StopTask();
                }
            }

            if (_task is null)
            {
                return;
            }

            if (result.Status == ReplayStatus.Skipped)
            {
                // Not run: a grey, hollow line with an empty bar, not a finished green one.
                var planned = result.Planned ? $"planned, {(result.Plan!.Fits ? "fits" : "does not fit")}" : result.StatusLine;
                _task.Description($"[grey]○ {Markup.Escape($"{_position} {_id}: not run ({result.Reason}); {planned}")}[/]");
                _task.Value = 0;
                _task.StopTask();
                return;
            }

            var colour = result.Status == ReplayStatus.Completed ? "green" : "red";
            var mark = result.Status == ReplayStatus.Completed ? "✓" : "✗";
            _task.Description($"[{colour}]{mark} {Markup.Escape($"{_position} {_id}: {result.StatusLine}")}[/]");
            _task.Value = _task.MaxValue;
            _task.StopTask();
        }
    }
}
