using System.Globalization;
using Microsoft.Extensions.AI;
using ModelScale.ChatHost.Engine;
using ModelScale.ChatHost.Sessions;
using ModelScale.Profiles.Units;
using Spectre.Console;

namespace ModelScale.ChatHost.Terminal;

/// <summary>Formats what the REPL shows: load lines, stats, tables. No I/O decisions live here.</summary>
internal static class ReplRenderer
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string LoadLine(ProfileSwitch loaded, int carriedMessages)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        if (loaded.Remote is { } remote)
        {
            var line2 = $"{loaded.Profile.Id} ({loaded.Profile.DisplayName}): served by {remote.BaseUrl} as '{remote.Model}'";
            return carriedMessages > 0 ? line2 + $" · {carriedMessages} earlier messages carried over" : line2;
        }

        var how = loaded.WasResident ? $"already in memory, switched in {Duration(loaded.Elapsed)}" : $"loaded in {Duration(loaded.Elapsed)}";
        var line = string.Create(Invariant,
            $"{loaded.Profile.Id} ({loaded.Profile.DisplayName}): {how} · ctx {loaded.ContextLength} · {loaded.GpuLayerCount} GPU layers · {loaded.Threads} threads");
        return carriedMessages > 0 ? line + $" · {carriedMessages} earlier messages carried over" : line;
    }

    /// <summary>The plan's one-line reason, and what the fallback ladder changed, if anything.</summary>
    public static string? PlanLine(ProfileSwitch loaded)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        if (loaded.Remote is { } remote)
        {
            return $"plan: {remote.Describe()} (its memory is the remote engine's)";
        }

        string reason;
        IReadOnlyList<string> notes;
        if (loaded.Plan is { } plan)
        {
            (reason, notes) = (plan.Reason, plan.Notes);
        }
        else if (loaded.ServicePlan is { } service)
        {
            (reason, notes) = service;
        }
        else
        {
            return null;
        }

        var line = $"plan: {reason}";
        if (loaded.FallbackSteps > 0)
        {
            line += string.Create(Invariant, $" (after {loaded.FallbackSteps} fallback step{(loaded.FallbackSteps == 1 ? "" : "s")})");
        }

        return notes.Count == 0 ? line : line + Environment.NewLine + string.Join(Environment.NewLine, notes.Select(n => "plan: " + n));
    }

    public static string StatsLine(AnswerStats s) => string.Create(Invariant,
        $"{s.CompletionTokens} tokens · prompt {s.PromptTokens} ({s.CachedPromptTokens} cached) · TTFT {Duration(s.TimeToFirstToken)} · {s.DecodeTokensPerSecond:F1} tok/s · {s.FinishReason}");

    public static Table StatsTable(AnswerStats s)
    {
        var table = new Table().AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("profile", Markup.Escape(s.ProfileId));
        table.AddRow("prompt tokens", s.PromptTokens.ToString(Invariant));
        table.AddRow("  reused from KV cache", s.CachedPromptTokens.ToString(Invariant));
        table.AddRow("completion tokens", s.CompletionTokens.ToString(Invariant));
        table.AddRow("time to first token", Duration(s.TimeToFirstToken));
        table.AddRow("prefill tok/s", s.PrefillTokensPerSecond.ToString("F1", Invariant));
        table.AddRow("decode tok/s", s.DecodeTokensPerSecond.ToString("F1", Invariant));
        table.AddRow("total", Duration(s.Total));
        table.AddRow("finish reason", s.FinishReason);
        if (s.TrimmedMessages > 0)
        {
            table.AddRow("messages left out (context full)", s.TrimmedMessages.ToString(Invariant));
        }

        return table;
    }

    /// <summary>The longest name /profiles shows (no paths: /stats and the load line have them).</summary>
    public const int NameWidth = 30;

    /// <summary>
    /// What the id and name columns of /profiles share, so that the table fits in 80 columns: 80 less the marker, params,
    /// quant and on-disk columns (at most 24) and the table's padding and gaps (17).
    /// </summary>
    public const int IdAndNameWidth = 39;

    /// <summary>
    /// The profiles in at most 80 columns. An id is never shortened, since /profile takes what the table shows; the name
    /// gets what the longest id leaves, and goes when that is too little (an ad-hoc file's name is its id plus ".gguf").
    /// Only an id longer than 42 characters (a file with a very long name) makes the table wider.
    /// </summary>
    public static Table ProfilesTable(IEnumerable<ProfileListing> listings)
    {
        var rows = listings.ToList();
        var nameWidth = Math.Min(NameWidth, IdAndNameWidth - rows.Select(l => l.Profile.Id.Length).DefaultIfEmpty(2).Max());
        var showName = nameWidth >= 8;
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumns(showName ? ["", "id", "name", "params", "quant", "on disk"] : ["", "id", "params", "quant", "on disk"]);
        foreach (var l in rows)
        {
            var marker = l.Active ? "*" : l.Resident ? "r" : "";
            var cells = new List<string> { marker, Markup.Escape(l.Profile.Id) };
            if (showName)
            {
                cells.Add(Markup.Escape(Shorten(l.Profile.DisplayName, nameWidth)));
            }

            cells.Add(l.Profile.Parameters is { } p ? Parameters(p) : "?");
            cells.Add(Markup.Escape(Shorten(l.Profile.Quantization, 8)));
            cells.Add(l.Profile.IsRemote ? "remote" : l.OnDisk ? "[green]yes[/]" : "no");
            table.AddRow([.. cells]);
        }

        table.Caption("* active   r resident in memory   /profile ID switches");
        return table;
    }

    private static string Shorten(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";

    public static IEnumerable<string> HistoryLines(IChatSession session)
    {
        if (session.SystemPrompt is { } system)
        {
            yield return $"[system] {system}";
        }

        foreach (var m in session.History)
        {
            var who = m.Role == ChatRole.User ? "user" : $"assistant ({m.ProfileId ?? "?"}){(m.Incomplete ? ", incomplete" : "")}";
            yield return $"[{who}] {m.Text}";
        }
    }

    /// <summary>"1.24 B", "292.8 K": the one way parameter counts are written (<see cref="ParameterCount"/>).</summary>
    public static string Parameters(long count) => ParameterCount.Format(count);

    public static string Duration(TimeSpan t) => t.TotalSeconds >= 1
        ? string.Create(Invariant, $"{t.TotalSeconds:F1} s")
        : string.Create(Invariant, $"{t.TotalMilliseconds:F0} ms");
}
