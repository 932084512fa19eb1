namespace ModelScale.Profiles.Hardware;

/// <summary>
/// Finds NVIDIA GPUs through NVML: init, count, then each device's name and memory, then shutdown. A missing library,
/// a driver that is not loaded or a device that cannot be read becomes a note; a device whose memory cannot be read is
/// left out, since a plan cannot use it.
/// </summary>
public sealed class NvmlGpuDetector : IGpuDetector
{
    private const string Label = "NVML";

    private readonly NvmlLoader _load;

    public NvmlGpuDetector()
        : this(NvmlLibrary.TryLoad)
    {
    }

    internal NvmlGpuDetector(NvmlLoader load) => _load = load;

    public GpuSource Source => GpuSource.Nvml;

    public GpuDetection Detect()
    {
        var nvml = _load(out var failure);
        if (nvml is null)
        {
            return GpuDetection.None($"{Label}: not available ({failure}).");
        }

        var status = nvml.Init();
        if (status != NvmlStatus.Success)
        {
            var hint = status == NvmlStatus.DriverNotLoaded ? "; the NVIDIA driver is installed but not running" : "";
            return GpuDetection.None($"{Label}: could not start ({Describe(nvml, status)}){hint}.");
        }

        try
        {
            return ReadDevices(nvml);
        }
        finally
        {
            nvml.Shutdown();
        }
    }

    private static GpuDetection ReadDevices(INvml nvml)
    {
        var status = nvml.GetDeviceCount(out var count);
        if (status != NvmlStatus.Success)
        {
            return GpuDetection.None($"{Label}: could not count GPUs ({Describe(nvml, status)}).");
        }

        var devices = new List<GpuDevice>();
        var notes = new List<string>();
        for (uint i = 0; i < count; i++)
        {
            status = nvml.GetDeviceHandle(i, out var handle);
            if (status != NvmlStatus.Success)
            {
                notes.Add($"{Label}: GPU {i} left out ({Describe(nvml, status)}).");
                continue;
            }

            status = nvml.GetMemoryInfo(handle, out var memory);
            if (status != NvmlStatus.Success)
            {
                notes.Add($"{Label}: GPU {i} left out, its memory could not be read ({Describe(nvml, status)}).");
                continue;
            }

            var name = nvml.GetDeviceName(handle, out var text) == NvmlStatus.Success && text.Length > 0 ? text : $"NVIDIA GPU {i}";
            devices.Add(new GpuDevice((int)i, name, Clamp(memory.Total), Clamp(memory.Free), GpuSource.Nvml));
        }

        notes.Insert(0, devices.Count switch
        {
            0 when count == 0 => $"{Label}: the NVIDIA driver reports no GPU.",
            0 => $"{Label}: none of the {count} GPUs the driver reports could be read.",
            1 => $"{Label}: 1 NVIDIA GPU.",
            _ => $"{Label}: {devices.Count} NVIDIA GPUs.",
        });
        return new GpuDetection(devices, notes);
    }

    private static string Describe(INvml nvml, int status) => $"{nvml.ErrorString(status)}, code {status}";

    private static long Clamp(ulong bytes) => bytes > long.MaxValue ? long.MaxValue : (long)bytes;
}
