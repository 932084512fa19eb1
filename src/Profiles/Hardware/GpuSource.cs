namespace ModelScale.Profiles.Hardware;

/// <summary>Where a <see cref="GpuDevice"/> was seen.</summary>
public enum GpuSource
{
    /// <summary>NVIDIA's management library (libnvidia-ml / nvml.dll), which the driver installs.</summary>
    Nvml,

    /// <summary>llama.cpp's own device list (ggml_backend_dev_*), as the loaded backend sees it.</summary>
    LlamaCpp,

    /// <summary>Given by the user (--vram or MODELSCALE_VRAM), to plan for another machine or in tests.</summary>
    Override,
}
