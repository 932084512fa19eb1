using ModelScale.ChatHost.Engine;
using ModelScale.Profiles.Planning;

namespace ModelScale.ChatHost.Tests.Engine;

/// <summary>A machine with the memory a test says: no GPU and 16 GiB of free RAM unless told otherwise.</summary>
internal sealed class FixedMemoryInventory(IReadOnlyList<DeviceBudget>? devices = null, long? freeRam = 16L << 30) : IMemoryInventory
{
    public MemorySnapshot Read() => new(devices ?? [], freeRam);
}
