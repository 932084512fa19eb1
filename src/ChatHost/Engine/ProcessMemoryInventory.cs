using ModelScale.Profiles.Planning;

namespace ModelScale.ChatHost.Engine;

/// <summary>A CPU-only view: no GPUs, and the host memory the .NET runtime reports as available.</summary>
public sealed class ProcessMemoryInventory : IMemoryInventory
{
    public MemorySnapshot Read()
    {
        var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return new MemorySnapshot(Array.Empty<DeviceBudget>(), available > 0 ? available : null);
    }
}
