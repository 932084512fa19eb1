using ModelScale.Profiles.Catalog;

namespace ModelScale.Profiles.Hardware;

/// <summary>
/// Decides which GPUs a plan gets. An override wins (--vram, then MODELSCALE_VRAM) and skips detection. Otherwise every
/// detector is asked, in <see cref="GpuSource"/> order (NVML first, then llama.cpp's own view when the engine registered
/// it), and the first that finds any GPU supplies the devices; the others still contribute their notes.
/// </summary>
public sealed class GpuInventory
{
    private readonly IReadOnlyList<IGpuDetector> _detectors;
    private readonly IPlatformEnvironment _environment;
    private readonly HardwareOverrides _overrides;

    public GpuInventory(IEnumerable<IGpuDetector> detectors, IPlatformEnvironment environment, HardwareOverrides overrides)
    {
        ArgumentNullException.ThrowIfNull(detectors);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(overrides);
        _detectors = detectors.OrderBy(d => d.Source).ToList();
        _environment = environment;
        _overrides = overrides;
    }

    /// <summary>Finds the GPUs; asks the sources again on every call (free memory changes).</summary>
    /// <exception cref="HardwareException">The override is not a valid size list.</exception>
    public GpuScan Scan()
    {
        if (TryReadOverride() is { } forced)
        {
            return forced;
        }

        var devices = (IReadOnlyList<GpuDevice>)[];
        var notes = new List<string>();
        var detected = new List<GpuDevice>();
        foreach (var detector in _detectors)
        {
            var detection = Detect(detector);
            notes.AddRange(detection.Notes);
            detected.AddRange(detection.Devices);
            if (devices.Count == 0 && detection.Devices.Count > 0)
            {
                devices = detection.Devices;
            }
        }

        if (_detectors.Count == 0)
        {
            notes.Add("No GPU detector is registered.");
        }

        return new GpuScan(devices, notes) { Detected = detected };
    }

    private GpuScan? TryReadOverride()
    {
        // An empty variable counts as unset, as shells make it easy to leave one behind; an empty option is a mistake.
        var fromEnvironment = _environment.GetEnvironmentVariable(GpuOverride.EnvironmentVariable);
        var (text, origin) = _overrides.Vram is not null
            ? (_overrides.Vram, GpuOverride.OptionName)
            : (string.IsNullOrWhiteSpace(fromEnvironment) ? null : fromEnvironment, GpuOverride.EnvironmentVariable);
        if (text is null)
        {
            return null;
        }

        var devices = GpuOverride.Parse(text, origin);
        var what = devices.Count == 0 ? "no GPU" : $"{devices.Count} GPU{(devices.Count == 1 ? "" : "s")}";
        return new GpuScan(devices, [$"Override: {origin} {text.Trim()} gives {what}; detection skipped."]);
    }

    private static GpuDetection Detect(IGpuDetector detector)
    {
        try
        {
            return detector.Detect();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A detector should report problems as notes; one that throws must not take the others down with it.
            return GpuDetection.None($"{detector.Source.Label()}: failed ({ex.Message})");
        }
    }
}
