using System.Globalization;
using ModelScale.ChatHost.Bench;
using ModelScale.Profiles.Units;
using Spectre.Console;

namespace ModelScale.ChatHost.Terminal;

/// <summary>Renders a <see cref="BenchReport"/> for people: one table per model, then switching and batching.</summary>
public static class BenchView
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Render(IAnsiConsole console, BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(report);
        var s = report.Settings;
        console.MarkupLine(Markup.Escape(string.Create(Invariant,
            $"{report.Machine.Cpu}, {report.Machine.LogicalCores} logical cores{(report.Machine.Avx512 ? ", AVX-512" : report.Machine.Avx2 ? ", AVX2" : "")}, {ByteSize.Format(report.Machine.TotalMemoryBytes)}")));
        console.MarkupLine(Markup.Escape($"llama.cpp from the {(report.Machine.LlamaLibraries == "backend package" ? "backend package" : $"folder {report.Machine.LlamaLibraries}")}: {report.Machine.LlamaSystemInfo}"));
        console.MarkupLine(Markup.Escape(string.Create(Invariant,
            $"prompt {s.PromptTokens} tokens · generate {s.GenTokens} · {s.Threads} threads · ctx {s.Context} · batch {s.BatchSize} · flash attention {s.FlashAttention}{(s.Logprobs is { } n ? $" · logprobs with {n} alternatives" : "")} · {s.Repeat} runs after a cold one")));

        foreach (var target in report.Targets)
        {
            var table = new Table()
                .Title($"{Markup.Escape(target.Profile)} ({ByteSize.Format(target.FileBytes)})")
                .AddColumn("")
                .AddColumn(new TableColumn("median").RightAligned())
                .AddColumn(new TableColumn("min").RightAligned())
                .AddColumn(new TableColumn("max").RightAligned())
                .AddColumn(new TableColumn("cold").RightAligned());
            Row(table, "load (ms)", target.LoadMilliseconds, target.Cold.LoadMilliseconds, "F0");
            Row(table, "prefill (tok/s)", target.PrefillTokensPerSecond, target.Cold.PrefillTokensPerSecond, "F1");
            Row(table, "decode (tok/s)", target.DecodeTokensPerSecond, target.Cold.DecodeTokensPerSecond, "F2");
            Row(table, "TTFT (ms)", target.TimeToFirstTokenMilliseconds, target.Cold.TimeToFirstTokenMilliseconds, "F0");
            console.Write(table);
            console.MarkupLine(Markup.Escape($"peak RSS {ByteSize.Format(target.PeakRssBytes)} · prompt {target.PromptChecksum}"));
        }

        if (report.SwitchBack is { } sw)
        {
            var verdict = sw.MeetsTarget ? "[green]under 50 ms, nothing reloaded or evaluated again[/]" : "[red]missed: see the figures[/]";
            console.MarkupLine(Markup.Escape(string.Create(Invariant,
                $"switch back to {sw.From} (via {sw.Via}): median {sw.SwitchMilliseconds.Median:F2} ms, max {sw.SwitchMilliseconds.Max:F2} ms over {sw.Cycles}; {(sw.WasResident ? "resident" : "reloaded")}; follow-up reused {sw.FollowUpCachedTokens}/{sw.CachedBeforeSwitch} cached tokens, TTFT {sw.FollowUpTimeToFirstTokenMilliseconds:F0} ms; ")) + verdict);
        }

        if (report.Parallel is { } p)
        {
            var verdict = p.MeetsTarget ? "[green]targets met[/]" : "[red]targets missed[/]";
            console.MarkupLine(Markup.Escape(string.Create(Invariant,
                $"batched: 1 sequence {p.SingleTokensPerSecond.Median:F2} tok/s; {p.Sequences} sequences {p.AggregateTokensPerSecond.Median:F2} tok/s aggregate ({p.Speedup:F2}x), per sequence {string.Join(" / ", p.PerSequenceTokensPerSecond.Select(r => r.ToString("F2", Invariant)))}, fairness {p.Fairness:F2}; late joiner's first token {p.LateJoinTimeToFirstTokenMilliseconds.Median:F0} ms while the others made {p.OthersTokensDuringJoin} tokens; ")) + verdict);
        }
    }

    private static void Row(Table table, string name, Distribution value, double cold, string format) =>
        table.AddRow(name, value.Median.ToString(format, Invariant), value.Min.ToString(format, Invariant), value.Max.ToString(format, Invariant), cold.ToString(format, Invariant));
}
