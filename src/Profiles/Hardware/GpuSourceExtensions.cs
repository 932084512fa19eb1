namespace ModelScale.Profiles.Hardware;

public static class GpuSourceExtensions
{
    /// <summary>The name people know the source by: "NVML", "llama.cpp", "override".</summary>
    public static string Label(this GpuSource source) => source switch
    {
        GpuSource.Nvml => "NVML",
        GpuSource.LlamaCpp => "llama.cpp",
        GpuSource.Override => "override",
        _ => source.ToString(),
    };

    /// <summary>A stable camelCase identifier for machine-readable output: "nvml", "llamaCpp", "override".</summary>
    public static string Id(this GpuSource source) => source switch
    {
        GpuSource.Nvml => "nvml",
        GpuSource.LlamaCpp => "llamaCpp",
        GpuSource.Override => "override",
        _ => source.ToString(),
    };
}
