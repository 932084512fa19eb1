using System.Globalization;

namespace ModelScale.ChatHost.Replay;

/// <summary>The load average of Linux's /proc/loadavg (its first field, the last minute); null elsewhere.</summary>
public sealed class ProcLoadAverage : ISystemLoad
{
    private const string File = "/proc/loadavg";

    public int Cores => Environment.ProcessorCount;

    public double? ReadLoadAverage()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            return Parse(System.IO.File.ReadAllText(File));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The first field of a /proc/loadavg line ("1.33 1.66 3.40 8/179 7589"); null when it is not a number.</summary>
    public static double? Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var first = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return first is not null && double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var load) && double.IsFinite(load) && load >= 0
            ? load
            : null;
    }
}
