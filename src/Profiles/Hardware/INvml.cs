namespace ModelScale.Profiles.Hardware;

/// <summary>
/// The NVML calls the detector makes, each returning NVML's status code (0 is success). A seam, so that tests can
/// play a driver that fails in each of the ways a real one does.
/// </summary>
internal interface INvml
{
    int Init();

    int GetDeviceCount(out uint count);

    int GetDeviceHandle(uint index, out nint device);

    int GetDeviceName(nint device, out string name);

    int GetMemoryInfo(nint device, out NvmlMemory memory);

    int Shutdown();

    /// <summary>NVML's own words for a status code ("Driver Not Loaded").</summary>
    string ErrorString(int code);
}

/// <summary>Loads NVML; null with the reason (e.g. "libnvidia-ml.so.1 not found") when it cannot.</summary>
internal delegate INvml? NvmlLoader(out string failure);
