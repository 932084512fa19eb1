using System.Globalization;

namespace ModelScale.Profiles.Units;

/// <summary>
/// Byte counts as people write them: parses "24GiB", "24 GB", "512MiB", "8g" or a plain number of bytes, and formats
/// with binary units ("1.1 GiB"). Decimal units (GB, MB) are powers of 1000, binary ones (GiB, MiB) powers of 1024,
/// and a bare letter (24G) means binary, as llama.cpp and Ollama read it.
/// </summary>
public static class ByteSize
{
    public const long KiB = 1L << 10;
    public const long MiB = 1L << 20;
    public const long GiB = 1L << 30;
    public const long TiB = 1L << 40;

    private static readonly (string Suffix, long Factor)[] Units =
    [
        ("tib", TiB), ("gib", GiB), ("mib", MiB), ("kib", KiB),
        ("tb", 1_000_000_000_000), ("gb", 1_000_000_000), ("mb", 1_000_000), ("kb", 1_000),
        ("t", TiB), ("g", GiB), ("m", MiB), ("k", KiB),
        ("b", 1),
    ];

    /// <summary>Parses a size such as "24GiB"; false (with a reason) for anything else, negative or absurd.</summary>
    public static bool TryParse(string? text, out long bytes, out string error)
    {
        bytes = 0;
        var trimmed = text?.Trim().Replace("_", "", StringComparison.Ordinal) ?? "";
        if (trimmed.Length == 0)
        {
            error = "A size cannot be empty; write it like 24GiB, 512MiB or 8GB.";
            return false;
        }

        var lower = trimmed.ToLowerInvariant();
        long factor = 1;
        var number = lower;
        foreach (var (suffix, unitFactor) in Units)
        {
            if (lower.EndsWith(suffix, StringComparison.Ordinal))
            {
                factor = unitFactor;
                number = lower[..^suffix.Length].TrimEnd();
                break;
            }
        }

        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || double.IsNaN(value) || double.IsInfinity(value))
        {
            error = $"'{text}' is not a size; write it like 24GiB, 512MiB or 8GB.";
            return false;
        }

        var total = value * factor;
        if (total > 1L << 60)
        {
            error = $"'{text}' is larger than any machine has.";
            return false;
        }

        bytes = (long)Math.Round(total);
        error = "";
        return true;
    }

    /// <summary>Parses a size, or throws <see cref="FormatException"/> with a one-sentence reason.</summary>
    public static long Parse(string text) =>
        TryParse(text, out var bytes, out var error) ? bytes : throw new FormatException(error);

    /// <summary>Formats with the largest binary unit that keeps the number at least 1: "1.1 GiB", "70.5 MiB", "512 B".</summary>
    public static string Format(long bytes)
    {
        var magnitude = Math.Abs((double)bytes);
        var (unit, factor) = magnitude switch
        {
            >= TiB => ("TiB", (double)TiB),
            >= GiB => ("GiB", GiB),
            >= MiB => ("MiB", MiB),
            >= KiB => ("KiB", KiB),
            _ => ("B", 1d),
        };

        return factor == 1
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{bytes / factor:0.0} {unit}");
    }
}
