namespace ModelScale.ChatHost.Engine;

/// <summary>One backend device as llama.cpp lists it (ggml_backend_dev_get).</summary>
/// <param name="Index">The position in llama.cpp's device list (the CPU included).</param>
/// <param name="Name">The backend's short name, e.g. "CPU" or "CUDA0".</param>
/// <param name="Description">What the device is, e.g. "NVIDIA GeForce RTX 4090" or the CPU's brand string.</param>
/// <param name="Type">The device type; unknown values are kept as they are.</param>
/// <param name="FreeBytes">Free memory as the backend reports it (the CPU backend reports its total here too).</param>
/// <param name="TotalBytes">Total memory as the backend reports it.</param>
public sealed record LlamaDevice(int Index, string Name, string Description, LlamaDeviceType Type, long FreeBytes, long TotalBytes)
{
    public bool IsGpu => Type is LlamaDeviceType.Gpu or LlamaDeviceType.IntegratedGpu;
}
