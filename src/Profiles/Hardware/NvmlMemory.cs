using System.Runtime.InteropServices;

namespace ModelScale.Profiles.Hardware;

/// <summary>nvmlMemory_t: a device's memory in bytes, as nvmlDeviceGetMemoryInfo fills it.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NvmlMemory
{
    public ulong Total;
    public ulong Free;
    public ulong Used;
}
