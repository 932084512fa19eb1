namespace ModelScale.Profiles.Planning;

/// <summary>What one GPU holds under a plan: which layers, and the bytes of each kind.</summary>
/// <param name="Name">The device's name.</param>
/// <param name="FreeBytes">Free memory on it when planned.</param>
/// <param name="FirstLayer">Index of its first layer (the output head is layer <c>BlockCount</c>).</param>
/// <param name="Layers">How many consecutive layers it holds.</param>
/// <param name="WeightBytes">Weights of those layers.</param>
/// <param name="KvBytes">Their KV cache.</param>
/// <param name="ComputeBytes">The compute buffer for the graph it runs.</param>
/// <param name="OverheadBytes">The backend's own needs on the device.</param>
public sealed record DevicePlan(
    string Name,
    long FreeBytes,
    int FirstLayer,
    int Layers,
    long WeightBytes,
    long KvBytes,
    long ComputeBytes,
    long OverheadBytes)
{
    /// <summary>Everything the device needs.</summary>
    public long TotalBytes => WeightBytes + KvBytes + ComputeBytes + OverheadBytes;
}
