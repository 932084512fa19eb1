using System.Globalization;
using System.Net;
using System.Text;

namespace ModelScale.ChatHost.Replay;

/// <summary>
/// The HTML report's chart as inline SVG: three panels over one x-axis (parameters, log scale), drawn with the same
/// margins so that a tier sits at the same x in each: decode tok/s, memory needed (MiB) and quality. A tier that ran
/// is a filled point; a planned tier (and the prediction beside a measured speed) is a hollow one, so the whole ladder
/// shows even when only the small tiers ran. The SVG scales to the page's width.
/// </summary>
public static class ChartSvg
{
    public const int Width = 720;

    private const int Left = 72;
    private const int Right = 24;
    private const int PanelHeight = 170;
    private const int Top = 28;
    private const int Gap = 54;
    private const double MiB = 1024 * 1024;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private sealed record Point(string Label, double X, double Y, bool Hollow);

    /// <summary>The SVG, or null when no tier has a parameter count to place it on the x-axis.</summary>
    public static string? Render(ReplayResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var tiers = result.Profiles.Where(p => p.ParameterCount is > 0 && (p.Played || p.Planned)).ToList();
        if (tiers.Count == 0)
        {
            return null;
        }

        var speed = new List<Point>();
        var memory = new List<Point>();
        var quality = new List<Point>();
        var (qualityName, qualityMax, read) = QualityMeasure(result);
        foreach (var p in tiers)
        {
            var x = Math.Log10(p.ParameterCount!.Value);
            if (p.Played && p.DecodeTokensPerSecond is > 0 and var rate)
            {
                speed.Add(new Point(p.Id, x, Math.Log10(rate), Hollow: false));
            }

            if (p.Prediction?.TokensPerSecond is > 0 and var predicted)
            {
                speed.Add(new Point(p.Played ? "" : p.Id, x, Math.Log10(predicted), Hollow: true));
            }

            if (VerdictTable.Needed(p) is > 0 and var needed)
            {
                memory.Add(new Point(p.Id, x, Math.Log10(needed / MiB), Hollow: !p.Played));
            }

            if (read(p) is { } q)
            {
                quality.Add(new Point(p.Id, x, q, Hollow: false));
            }
        }

        var xs = tiers.Select(p => Math.Log10(p.ParameterCount!.Value)).ToList();
        var (xMin, xMax) = Decades(xs.Min(), xs.Max());
        var svg = new StringBuilder();
        var height = Top + (3 * PanelHeight) + (3 * Gap);
        svg.Append(Invariant, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-label=\"Parameters against decode speed, memory needed and quality, one point per tier; hollow points are planned or predicted\">");
        svg.Append("<style>text{font:12px system-ui,sans-serif;fill:#333}.axis{stroke:#888}.grid{stroke:#e4e4e4}.lbl{font-size:11px}.ttl{font-weight:600}</style>");
        var top = Top;
        Panel(svg, top, "decode tok/s (log scale): filled measured, hollow predicted", speed, xMin, xMax, LogY(speed), Count, "#1f6fb2");
        top += PanelHeight + Gap;
        Panel(svg, top, "memory needed, MiB (log scale): filled ran, hollow planned", memory, xMin, xMax, LogY(memory), v => Math.Pow(10, v).ToString(v < 0 ? "0.###" : "N0", Invariant) + " MiB", "#c2410c");
        top += PanelHeight + Gap;
        var linear = (0d, qualityMax, false);
        Panel(svg, top, qualityName, quality, xMin, xMax, linear, v => v.ToString("0", Invariant), "#15803d");
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>The quality measure the panel plots: the judge's mean score, else chrF, else the keyword hit rate.</summary>
    private static (string Name, double Max, Func<ProfileResult, double?> Read) QualityMeasure(ReplayResult result)
    {
        if (result.Profiles.Any(p => p.MeanScore is not null))
        {
            return ("quality: judge score (0-10)", 10, p => p.MeanScore);
        }

        if (result.Profiles.Any(p => p.MeanChrF is not null))
        {
            return ("quality: chrF against the reference (0-100)", 100, p => p.MeanChrF);
        }

        return ("quality: expected keywords found (%)", 100, p => p.KeywordsExpected > 0 ? 100.0 * p.KeywordsHit / p.KeywordsExpected : null);
    }

    private static (double Min, double Max, bool Log) LogY(List<Point> points)
    {
        if (points.Count == 0)
        {
            return (0, 1, true);
        }

        var (min, max) = Decades(points.Min(p => p.Y), points.Max(p => p.Y));
        return (min, max, true);
    }

    private static void Panel(StringBuilder svg, int top, string title, List<Point> points, double xMin, double xMax, (double Min, double Max, bool Log) y, Func<double, string> yFormat, string colour)
    {
        var plotWidth = Width - Left - Right;
        double X(double v) => Left + ((v - xMin) / (xMax - xMin) * plotWidth);
        double Y(double v) => top + PanelHeight - ((v - y.Min) / (y.Max - y.Min) * PanelHeight);

        svg.Append(Invariant, $"<text class=\"ttl\" x=\"{Left}\" y=\"{top - 10}\">{E(title)}</text>");
        var yStep = y.Log ? 1 : (y.Max - y.Min) / 5;
        for (var v = y.Min; v <= y.Max + 1e-9; v += yStep)
        {
            svg.Append(Invariant, $"<line class=\"grid\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Y(v):0.#}\" y2=\"{Y(v):0.#}\"/>");
            svg.Append(Invariant, $"<text x=\"{Left - 6}\" y=\"{Y(v) + 4:0.#}\" text-anchor=\"end\">{E(y.Log ? yFormat(v) : yFormat(v))}</text>");
        }

        for (var v = xMin; v <= xMax + 1e-9; v++)
        {
            svg.Append(Invariant, $"<line class=\"grid\" x1=\"{X(v):0.#}\" x2=\"{X(v):0.#}\" y1=\"{top}\" y2=\"{top + PanelHeight}\"/>");
            svg.Append(Invariant, $"<text x=\"{X(v):0.#}\" y=\"{top + PanelHeight + 16}\" text-anchor=\"middle\">{E(Count(v))}</text>");
        }

        svg.Append(Invariant, $"<rect class=\"axis\" fill=\"none\" x=\"{Left}\" y=\"{top}\" width=\"{plotWidth}\" height=\"{PanelHeight}\"/>");
        svg.Append(Invariant, $"<text x=\"{Left + (plotWidth / 2)}\" y=\"{top + PanelHeight + 32}\" text-anchor=\"middle\">parameters (log scale)</text>");
        if (points.Count == 0)
        {
            svg.Append(Invariant, $"<text x=\"{Left + (plotWidth / 2)}\" y=\"{top + (PanelHeight / 2)}\" text-anchor=\"middle\">nothing measured</text>");
            return;
        }

        foreach (var p in points)
        {
            var fill = p.Hollow ? "#fff" : colour;
            svg.Append(Invariant, $"<circle cx=\"{X(p.X):0.#}\" cy=\"{Y(p.Y):0.#}\" r=\"6\" fill=\"{fill}\" stroke=\"{colour}\" stroke-width=\"2\"><title>{E(p.Label)}</title></circle>");
            if (p.Label.Length > 0)
            {
                svg.Append(Invariant, $"<text class=\"lbl\" x=\"{X(p.X) + 9:0.#}\" y=\"{Y(p.Y) - 7:0.#}\">{E(p.Label)}</text>");
            }
        }
    }

    private static (double Low, double High) Decades(double min, double max)
    {
        var low = Math.Floor(min);
        var high = Math.Ceiling(max);
        return (low, high > low ? high : low + 1);
    }

    /// <summary>A log10 value as a count: 100K, 1M, 10B.</summary>
    private static string Count(double log10)
    {
        var value = Math.Pow(10, log10);
        return value switch
        {
            >= 1e12 => string.Create(Invariant, $"{value / 1e12:0.##}T"),
            >= 1e9 => string.Create(Invariant, $"{value / 1e9:0.##}B"),
            >= 1e6 => string.Create(Invariant, $"{value / 1e6:0.##}M"),
            >= 1e3 => string.Create(Invariant, $"{value / 1e3:0.##}K"),
            >= 1 => value.ToString("0.##", Invariant),
            _ => value.ToString("0.#####", Invariant),
        };
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
