using ModelScale.Profiles.Hardware;

namespace ModelScale.ChatHost.Terminal;

/// <summary>
/// The machine-readable form of a <see cref="GpuReport"/> (`modelscale gpus --json`). Field names are stable.
/// <c>detected</c> lists what every source found (NVML and llama.cpp can both list the same GPU), where <c>devices</c>
/// holds only the source plans use.
/// </summary>
public sealed record GpuReportJson(
    IReadOnlyList<GpuReportJson.Device> Devices,
    string? Source,
    GpuReportJson.Memory HostMemory,
    IReadOnlyList<string> Notes,
    IReadOnlyList<GpuReportJson.Device> Detected)
{
    public static GpuReportJson From(GpuReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new GpuReportJson(
            report.Gpus.Devices.Select(d => new Device(d.Index, d.Name, d.TotalBytes, d.FreeBytes, d.Source.Id())).ToList(),
            report.Gpus.Source?.Id(),
            new Memory(report.HostMemory.AvailableBytes, report.HostMemory.TotalBytes, report.HostMemory.Source),
            report.Gpus.Notes,
            report.Gpus.Detected.Select(d => new Device(d.Index, d.Name, d.TotalBytes, d.FreeBytes, d.Source.Id())).ToList());
    }

    /// <summary>One GPU; <c>source</c> is "nvml", "llamaCpp" or "override".</summary>
    public sealed record Device(int Index, string Name, long TotalBytes, long FreeBytes, string Source);

    public sealed record Memory(long AvailableBytes, long? TotalBytes, string Source);
}
