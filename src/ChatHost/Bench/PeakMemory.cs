using System.Diagnostics;
using System.Globalization;

namespace ModelScale.ChatHost.Bench;

/// <summary>
/// The process's peak resident set. On Linux it is VmHWM from /proc/self/status, which <see cref="TryReset"/> can set
/// back to the current RSS (so each model gets its own peak); elsewhere the runtime's peak working set.
/// </summary>
public static class PeakMemory
{
    private const string StatusFile = "/proc/self/status";

    public static long ReadPeakRssBytes()
    {
        if (OperatingSystem.IsLinux() && File.Exists(StatusFile))
        {
            foreach (var line in File.ReadLines(StatusFile))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal)
                    && long.TryParse(line["VmHWM:".Length..].Trim().Split(' ')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kib))
                {
                    return kib * 1024;
                }
            }
        }

        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }

    /// <summary>Resets the peak to the current RSS where the OS allows it (Linux: "5" into /proc/self/clear_refs).</summary>
    public static bool TryReset()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
