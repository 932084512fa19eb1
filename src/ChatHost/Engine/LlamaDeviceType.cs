namespace ModelScale.ChatHost.Engine;

/// <summary>enum ggml_backend_dev_type, as numbered by the llama.cpp that LLamaSharp 0.30.0 ships.</summary>
public enum LlamaDeviceType
{
    /// <summary>The CPU backend; its memory is the host's.</summary>
    Cpu = 0,

    /// <summary>A GPU with its own memory (CUDA, ROCm, Vulkan, Metal).</summary>
    Gpu = 1,

    /// <summary>An integrated GPU that uses host memory.</summary>
    IntegratedGpu = 2,

    /// <summary>An accelerator that works alongside the CPU (BLAS, AMX).</summary>
    Accelerator = 3,
}
