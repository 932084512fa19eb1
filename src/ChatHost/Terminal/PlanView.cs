using System.Globalization;
using ModelScale.ChatHost.Engine;
using ModelScale.Profiles.Planning;
using ModelScale.Profiles.Units;
using Spectre.Console;

namespace ModelScale.ChatHost.Terminal;

/// <summary>Renders an <see cref="OffloadPlan"/> for people: the reason, where the bytes go, and any check against llama.cpp.</summary>
public static class PlanView
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Render(IAnsiConsole console, string path, OffloadPlan plan)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(plan);

        console.MarkupLine($"[bold]{Markup.Escape(plan.Model)}[/] [grey]({Markup.Escape(path)})[/]");
        var colour = plan.Fits ? "green" : "red";
        console.MarkupLine($"[{colour}]{Markup.Escape(plan.Reason)}[/]");
        console.MarkupLine(Markup.Escape(string.Create(Invariant,
            $"ctx {plan.Context}{(plan.Context != plan.RequestedContext ? $" (asked {plan.RequestedContext})" : "")} · KV {KvCacheTypes.Name(plan.KvCacheType)} · batch {plan.BatchSize} · {plan.Parallel} sequence{(plan.Parallel == 1 ? "" : "s")} · margin {ByteSize.Format(plan.MarginBytes)} per GPU")));

        var table = new Table()
            .AddColumn("where")
            .AddColumn(new TableColumn("layers").RightAligned())
            .AddColumn(new TableColumn("weights").RightAligned())
            .AddColumn(new TableColumn("KV").RightAligned())
            .AddColumn(new TableColumn("compute").RightAligned())
            .AddColumn(new TableColumn("other").RightAligned())
            .AddColumn(new TableColumn("total").RightAligned())
            .AddColumn(new TableColumn("free").RightAligned());
        foreach (var device in plan.Devices)
        {
            var layers = device.Layers == 0 ? "0" : string.Create(Invariant, $"{device.Layers} ({device.FirstLayer}-{device.FirstLayer + device.Layers - 1})");
            table.AddRow(
                Markup.Escape(device.Name), layers, Size(device.WeightBytes), Size(device.KvBytes), Size(device.ComputeBytes),
                Size(device.OverheadBytes), Size(device.TotalBytes), Size(device.FreeBytes));
        }

        var cpuLayers = plan.TotalLayers - plan.GpuLayers;
        table.AddRow(
            "host RAM", cpuLayers.ToString(Invariant), Size(plan.Host.WeightBytes), Size(plan.Host.KvBytes), Size(plan.Host.ComputeBytes),
            Size(plan.Host.OutputBytes + plan.Host.OverheadBytes), Size(plan.Host.TotalBytes), plan.Host.FreeBytes is { } free ? Size(free) : "?");
        console.Write(table);

        if (plan.Embeddings is { } embeddings)
        {
            var gpu = embeddings.DeviceBytes.Sum();
            var where = gpu > 0 ? $"{ByteSize.Format(embeddings.HostBytes)} RAM + {ByteSize.Format(gpu)} VRAM" : $"{ByteSize.Format(embeddings.HostBytes)} RAM";
            var verdict = embeddings.Fits ? "[green]fits beside it[/]" : "[red]does not fit beside it: embeddings on this model are refused[/]";
            console.MarkupLine(Markup.Escape(string.Create(Invariant, $"Embeddings context (made at the first embeddings request): +{where} at ctx {embeddings.Context}; ")) + verdict);
        }

        foreach (var note in plan.Notes)
        {
            console.MarkupLine($"[yellow]{Markup.Escape(note)}[/]");
        }
    }

    public static void RenderComparison(IAnsiConsole console, PlanComparison comparison, double tolerancePercent)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(comparison);

        var table = new Table()
            .Title("plan against llama.cpp's buffers")
            .AddColumn("buffer")
            .AddColumn(new TableColumn("predicted").RightAligned())
            .AddColumn(new TableColumn("measured").RightAligned())
            .AddColumn(new TableColumn("error").RightAligned());
        foreach (var row in comparison.Rows)
        {
            var colour = row.Within(tolerancePercent) ? "green" : "red";
            table.AddRow(
                row.Buffer,
                Exact(row.PredictedBytes),
                Exact(row.MeasuredBytes),
                $"[{colour}]{row.ErrorPercent.ToString("+0.00;-0.00;0.00", Invariant)}%[/]");
        }

        console.Write(table);
    }

    /// <summary>The embeddings context's plan beside what llama.cpp allocated when plan --verify opened it.</summary>
    public static void RenderEmbeddingsCheck(IAnsiConsole console, PlanComparisonRow check)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(check);
        console.MarkupLine(Markup.Escape(string.Create(Invariant,
            $"Embeddings context opened: predicted {Exact(check.PredictedBytes)}, measured {Exact(check.MeasuredBytes)}, {check.ErrorPercent:+0.00;-0.00;0.00}%")));
    }

    private static string Size(long bytes) => bytes == 0 ? "-" : ByteSize.Format(bytes);

    private static string Exact(long bytes) => string.Create(Invariant, $"{ByteSize.Format(bytes)} ({bytes:N0})");
}
