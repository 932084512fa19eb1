using System.Globalization;
using ModelScale.Profiles.Catalog;
using ModelScale.Profiles.Units;

namespace ModelScale.Profiles.Hardware;

/// <summary>
/// How much host RAM is free for model weights and KV cache: MODELSCALE_RAM when set (for tests, or to plan for another
/// machine), else /proc/meminfo's MemAvailable on Linux (capped by a container's cgroup limit), GlobalMemoryStatusEx on
/// Windows, and otherwise the .NET runtime's view of the total.
/// </summary>
public sealed class HostMemory
{
    /// <summary>Overrides the available host memory, e.g. MODELSCALE_RAM=16GiB.</summary>
    public const string EnvironmentVariable = "MODELSCALE_RAM";

    /// <summary>The command-line option that overrides it.</summary>
    public const string OptionName = "--ram";

    internal const string MemInfoPath = "/proc/meminfo";
    internal const string CgroupLimitPath = "/sys/fs/cgroup/memory.max";

    private readonly IPlatformEnvironment _environment;
    private readonly HardwareOverrides _overrides;

    public HostMemory(IPlatformEnvironment environment)
        : this(environment, new HardwareOverrides())
    {
    }

    public HostMemory(IPlatformEnvironment environment, HardwareOverrides overrides)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(overrides);
        _environment = environment;
        _overrides = overrides;
    }

    /// <exception cref="HardwareException">--ram or MODELSCALE_RAM is set to something that is not a size.</exception>
    public HostMemoryInfo Read()
    {
        var (forced, origin) = !string.IsNullOrWhiteSpace(_overrides.Ram)
            ? (_overrides.Ram, OptionName)
            : (_environment.GetEnvironmentVariable(EnvironmentVariable), EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(forced))
        {
            if (!ByteSize.TryParse(forced, out var bytes, out var error))
            {
                throw new HardwareException($"{origin}: {error}");
            }

            if (bytes <= 0)
            {
                throw new HardwareException($"{origin} must be more than 0 bytes; write it like 16GiB.");
            }

            return new HostMemoryInfo(bytes, bytes, origin);
        }

        return ReadFromOperatingSystem() ?? FromRuntime();
    }

    /// <summary>
    /// Reads MemAvailable and MemTotal (in kB) from /proc/meminfo text. Kernels before 3.14 lack MemAvailable; then
    /// MemFree + Buffers + Cached stands in for it. Null when the text has neither.
    /// </summary>
    internal static (long Available, long? Total)? ParseMemInfo(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var fields = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var value = line[(colon + 1)..].Trim();
            var multiplier = 1L;
            if (value.EndsWith("kB", StringComparison.Ordinal))
            {
                multiplier = ByteSize.KiB;
                value = value[..^2].TrimEnd();
            }

            if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                && number <= long.MaxValue / multiplier)
            {
                fields[line[..colon].Trim()] = number * multiplier;
            }
        }

        long? total = fields.TryGetValue("MemTotal", out var t) ? t : null;
        if (fields.TryGetValue("MemAvailable", out var available))
        {
            return (available, total);
        }

        if (fields.TryGetValue("MemFree", out var free))
        {
            return (free + fields.GetValueOrDefault("Buffers") + fields.GetValueOrDefault("Cached"), total);
        }

        return null;
    }

    /// <summary>cgroup v2 memory.max: a byte count, or null for "max" (no limit) and anything unreadable.</summary>
    internal static long? ParseCgroupLimit(string? text) =>
        long.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit > 0 ? limit : null;

    /// <summary>Caps what the host reports by a container's memory limit, which the kernel enforces.</summary>
    internal static HostMemoryInfo ApplyCgroupLimit(HostMemoryInfo info, long? limit) =>
        limit is { } max && (info.TotalBytes is null || max < info.TotalBytes)
            ? new HostMemoryInfo(Math.Min(info.AvailableBytes, max), max, $"{info.Source}, capped by the cgroup memory limit")
            : info;

    private static HostMemoryInfo? ReadFromOperatingSystem()
    {
        if (OperatingSystem.IsWindows())
        {
            return WindowsMemoryStatus.Read() is { } status
                ? new HostMemoryInfo(status.Available, status.Total, "GlobalMemoryStatusEx")
                : null;
        }

        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var text = TryReadAllText(MemInfoPath);
        if (text is null || ParseMemInfo(text) is not { } parsed)
        {
            return null;
        }

        var info = new HostMemoryInfo(parsed.Available, parsed.Total, MemInfoPath);
        return ApplyCgroupLimit(info, ParseCgroupLimit(TryReadAllText(CgroupLimitPath)));
    }

    private static HostMemoryInfo FromRuntime()
    {
        // The GC's figure is the physical memory (or container limit), not what is free: the best there is here.
        var total = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return new HostMemoryInfo(total, total, ".NET runtime (total memory; free memory unknown)");
    }

    private static string? TryReadAllText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
