using ModelScale.Profiles.Planning;

namespace ModelScale.ChatHost.Engine;

/// <summary>The memory a plan may use right now: free VRAM per GPU and free host RAM.</summary>
public interface IMemoryInventory
{
    MemorySnapshot Read();
}

/// <summary>Free memory at one moment. <paramref name="FreeRamBytes"/> is null when the host cannot tell.</summary>
public sealed record MemorySnapshot(IReadOnlyList<DeviceBudget> Devices, long? FreeRamBytes);
