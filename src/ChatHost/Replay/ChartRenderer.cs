using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace ModelScale.ChatHost.Replay;

/// <summary>
/// The replay's chart (ScottPlot): parameters on a log axis against decode tok/s (top) and against peak memory
/// (bottom: the process's resident memory, and GPU memory in use when NVML measured it), one labelled point per tier
/// that played, and a hollow one per planned tier (its predicted speed, and the memory its plan needs). Both y axes are logarithmic too, as the tiers span orders of magnitude.
/// </summary>
public static class ChartRenderer
{
    public const string FileName = "chart.png";

    public const int Width = 900;

    public const int Height = 900;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The chart as PNG bytes.</summary>
    public static byte[] Render(ReplayResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var tiers = result.Profiles.Where(p => p.Played && p.ParameterCount is > 0).ToList();

        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        var speed = multiplot.GetPlot(0);
        var memory = multiplot.GetPlot(1);

        var speedPoints = tiers.Where(p => p.DecodeTokensPerSecond is > 0).Select(p => (p.Id, X: p.ParameterCount!.Value, Y: p.DecodeTokensPerSecond!.Value)).ToList();
        Panel(speed, "decode tok/s (log scale)", Count);
        Points(speed, speedPoints, "decode tok/s", Colors.SteelBlue, labelled: true);
        var planned = result.Profiles.Where(p => p.Planned && p.ParameterCount is > 0).ToList();
        var predicted = planned.Where(p => p.Prediction?.TokensPerSecond is > 0).Select(p => (p.Id, X: p.ParameterCount!.Value, Y: p.Prediction!.TokensPerSecond!.Value)).ToList();
        Points(speed, predicted, "predicted (planned tier)", Colors.SteelBlue, labelled: true, hollow: true);
        speed.Title($"Replay of {result.Source}: speed and memory by model size");

        Panel(memory, "memory, MiB (log scale)", Mebibytes);
        var ram = tiers.Where(p => p.Memory is not null).Select(p => (p.Id, X: p.ParameterCount!.Value, Y: p.Memory!.PeakRssBytes / MiB)).ToList();
        Points(memory, ram, "peak RAM (process RSS)", Colors.OrangeRed, labelled: true);
        var vram = tiers.Where(p => p.Memory?.PeakVramBytes is > 0).Select(p => (p.Id, X: p.ParameterCount!.Value, Y: p.Memory!.PeakVramBytes!.Value / MiB)).ToList();
        if (vram.Count > 0)
        {
            Points(memory, vram, "peak VRAM (NVML, all GPUs)", Colors.SeaGreen, labelled: false);
        }

        var needed = planned.Where(p => VerdictTable.Needed(p) is > 0).Select(p => (p.Id, X: p.ParameterCount!.Value, Y: VerdictTable.Needed(p)!.Value / MiB)).ToList();
        Points(memory, needed, "needed by the plan (planned tier)", Colors.OrangeRed, labelled: true, hollow: true);

        memory.ShowLegend(Alignment.LowerRight);
        speed.ShowLegend(Alignment.UpperRight);

        // One x range and the same fixed margins in both panels, so a tier sits at the same x in each.
        var allX = tiers.Concat(planned).Select(p => Math.Log10(p.ParameterCount!.Value)).ToList();
        if (allX.Count > 0)
        {
            var (left, right) = Decades(allX.Min(), allX.Max());
            foreach (var panel in new[] { speed, memory })
            {
                panel.Axes.SetLimitsX(left - 0.15, right + 0.15);
                panel.Layout.Fixed(new PixelPadding(125, 30, 50, 60));
            }
        }

        if (tiers.Count == 0 && planned.Count == 0)
        {
            speed.Add.Annotation("No tier played, so there is nothing to plot.");
        }

        return multiplot.Render(Width, Height).GetImageBytes(ImageFormat.Png, 100);
    }

    private static void Panel(Plot plot, string yLabel, Func<double, string> yFormat)
    {
        plot.XLabel("parameters (log scale)");
        plot.YLabel(yLabel);
        plot.Axes.Bottom.TickGenerator = LogTicks(Count);
        plot.Axes.Left.TickGenerator = LogTicks(yFormat);
    }

    private static void Points(Plot plot, List<(string Id, long X, double Y)> points, string legend, Color colour, bool labelled, bool hollow = false)
    {
        if (points.Count == 0)
        {
            return;
        }

        var xs = points.Select(p => Math.Log10(p.X)).ToArray();
        var ys = points.Select(p => Math.Log10(p.Y)).ToArray();
        Widen(plot, xs, ys);
        var scatter = plot.Add.ScatterPoints(xs, ys);
        scatter.MarkerSize = 11;
        scatter.Color = colour;
        scatter.LegendText = legend;
        if (hollow)
        {
            scatter.MarkerShape = MarkerShape.OpenCircle;
            scatter.MarkerLineWidth = 2;
        }

        if (!labelled)
        {
            return;
        }

        for (var i = 0; i < points.Count; i++)
        {
            var label = plot.Add.Text(points[i].Id, xs[i], ys[i]);
            label.LabelFontSize = 14;
            label.LabelAlignment = Alignment.LowerLeft;
            label.LabelOffsetX = 8;
            label.LabelOffsetY = -6;
        }
    }

    /// <summary>
    /// Sets the axes to whole decades around every point drawn so far, with a little room, so that a log axis always
    /// shows at least two labelled powers of ten even when the tiers are close together.
    /// </summary>
    private static void Widen(Plot plot, double[] xs, double[] ys)
    {
        var drawn = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().SelectMany(s => s.Data.GetScatterPoints()).ToList();
        var allX = xs.Concat(drawn.Select(c => c.X)).ToList();
        var allY = ys.Concat(drawn.Select(c => c.Y)).ToList();
        var (left, right) = Decades(allX.Min(), allX.Max());
        var (bottom, top) = Decades(allY.Min(), allY.Max());
        plot.Axes.SetLimits(left - 0.15, right + 0.15, bottom - 0.15, top + 0.15);
    }

    private static (double Low, double High) Decades(double min, double max)
    {
        var low = Math.Floor(min);
        var high = Math.Ceiling(max);
        return (low, high > low ? high : low + 1);
    }

    /// <summary>Ticks at whole powers of ten of a log10 axis, with log-spaced minor ticks between them.</summary>
    private static NumericAutomatic LogTicks(Func<double, string> format) => new()
    {
        MinorTickGenerator = new LogMinorTickGenerator(),
        IntegerTicksOnly = true,
        LabelFormatter = format,
    };

    /// <summary>A log10 tick as a count: 100K, 1M, 10B.</summary>
    private static string Count(double log10)
    {
        var value = Math.Pow(10, log10);
        return value switch
        {
            >= 1e9 => string.Create(Invariant, $"{value / 1e9:0.##}B"),
            >= 1e6 => string.Create(Invariant, $"{value / 1e6:0.##}M"),
            >= 1e3 => string.Create(Invariant, $"{value / 1e3:0.##}K"),
            >= 1 => value.ToString("0.##", Invariant),
            _ => value.ToString("0.#####", Invariant),
        };
    }

    private const double MiB = 1024 * 1024;

    /// <summary>A log10 tick of MiB, in MiB like the tables: 10 MiB, 1,000 MiB.</summary>
    private static string Mebibytes(double log10)
    {
        var value = Math.Pow(10, log10);
        return value < 1 ? string.Create(Invariant, $"{value:0.###} MiB") : string.Create(Invariant, $"{value:N0} MiB");
    }
}
