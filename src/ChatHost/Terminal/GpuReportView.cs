using ModelScale.Profiles.Hardware;
using ModelScale.Profiles.Units;
using Spectre.Console;

namespace ModelScale.ChatHost.Terminal;

/// <summary>Renders a <see cref="GpuReport"/> for people: a table of GPUs (or the CPU-plan sentence), host RAM, notes.</summary>
public static class GpuReportView
{
    public const string NoGpu = "No GPU found: plans will run on the CPU.";

    public static void Render(IAnsiConsole console, GpuReport report)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(report);

        var gpus = report.Gpus;
        if (gpus.HasGpu)
        {
            var table = new Table()
                .AddColumn("#")
                .AddColumn("Name")
                .AddColumn(new TableColumn("Total").RightAligned())
                .AddColumn(new TableColumn("Free").RightAligned())
                .AddColumn("Source");
            foreach (var device in gpus.Devices)
            {
                table.AddRow(
                    device.Index.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Markup.Escape(device.Name),
                    ByteSize.Format(device.TotalBytes),
                    ByteSize.Format(device.FreeBytes),
                    device.Source.Label());
            }

            console.Write(table);
        }
        else
        {
            console.MarkupLine($"[yellow]{Markup.Escape(NoGpu)}[/]");
        }

        var host = report.HostMemory;
        var total = host.TotalBytes is { } t ? $" of {ByteSize.Format(t)}" : "";
        console.MarkupLine($"Host RAM: {ByteSize.Format(host.AvailableBytes)} free{total} [grey]({Markup.Escape(host.Source)})[/]");

        if (gpus.Notes.Count > 0)
        {
            console.WriteLine();
            foreach (var note in gpus.Notes)
            {
                console.MarkupLine($"[grey]{Markup.Escape(note)}[/]");
            }
        }
    }
}
