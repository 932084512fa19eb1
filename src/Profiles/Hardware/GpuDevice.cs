namespace ModelScale.Profiles.Hardware;

/// <summary>One GPU and its memory, as one source reports it.</summary>
/// <param name="Index">The device's index within its source: the NVML index, the position among llama.cpp's GPUs (its
/// main_gpu numbering), or the position in the override list.</param>
/// <param name="Name">What the source calls it, e.g. "NVIDIA GeForce RTX 4090" or "override 0".</param>
/// <param name="TotalBytes">The device's memory.</param>
/// <param name="FreeBytes">The memory free when the source was asked.</param>
/// <param name="Source">Which source reported it.</param>
public sealed record GpuDevice(int Index, string Name, long TotalBytes, long FreeBytes, GpuSource Source);
