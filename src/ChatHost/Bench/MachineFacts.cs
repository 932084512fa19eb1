using System.Runtime.InteropServices;

namespace ModelScale.ChatHost.Bench;

/// <summary>The machine a benchmark ran on, so that figures from different machines are never mixed up.</summary>
/// <param name="Os">The OS description.</param>
/// <param name="Cpu">The CPU's model name.</param>
/// <param name="LogicalCores">Logical processors.</param>
/// <param name="Avx2">Whether the CPU has AVX2.</param>
/// <param name="Avx512">Whether the CPU has AVX-512F.</param>
/// <param name="TotalMemoryBytes">Memory available to the process.</param>
/// <param name="LlamaSystemInfo">llama.cpp's system info line: the instruction sets its CPU build uses.</param>
/// <param name="LlamaLibraries">Where llama.cpp was loaded from: the backend package, or the MODELSCALE_NATIVE_DIR folder.</param>
public sealed record MachineFacts(string Os, string Cpu, int LogicalCores, bool Avx2, bool Avx512, long TotalMemoryBytes, string LlamaSystemInfo, string LlamaLibraries)
{
    public static MachineFacts Read(string llamaSystemInfo) => new(
        RuntimeInformation.OSDescription,
        CpuName(),
        Environment.ProcessorCount,
        System.Runtime.Intrinsics.X86.Avx2.IsSupported,
        System.Runtime.Intrinsics.X86.Avx512F.IsSupported,
        GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        llamaSystemInfo.Trim(),
        Engine.NativeLibraryFolder.Current ?? "backend package");

    /// <summary>The CPU's model name from /proc/cpuinfo, else the process architecture.</summary>
    public static string CpuName()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (OperatingSystem.IsLinux() && File.Exists(cpuInfo))
        {
            var line = File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null && line.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0)
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
