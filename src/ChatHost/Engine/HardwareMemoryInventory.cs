using ModelScale.Profiles.Hardware;
using ModelScale.Profiles.Planning;

namespace ModelScale.ChatHost.Engine;

/// <summary>The planner's view of free memory: the GPUs detection found (or --vram gave) and the host's available RAM.</summary>
public sealed class HardwareMemoryInventory(GpuInventory gpus, HostMemory host) : IMemoryInventory
{
    public MemorySnapshot Read()
    {
        var scan = gpus.Scan();
        var devices = scan.Devices.Select(d => new DeviceBudget(d.Name, d.FreeBytes)).ToArray();
        return new MemorySnapshot(devices, host.Read().AvailableBytes);
    }
}
