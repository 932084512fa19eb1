using System.Runtime.InteropServices;

namespace ModelScale.ChatHost.Bench;

/// <summary>The machine a benchmark ran on, so that figures from different machines are never mixed up.</summary>
public sealed record MachineFacts(string Os, string Cpu, int LogicalCores, bool Avx2, bool Avx512, long TotalMemoryBytes, string LlamaSystemInfo)
{
    public static MachineFacts Read(string llamaSystemInfo) => new(
        RuntimeInformation.OSDescription,
        CpuName(),
        Environment.ProcessorCount,
        System.Runtime.Intrinsics.X86.Avx2.IsSupported,
        System.Runtime.Intrinsics.X86.Avx512F.IsSupported,
        GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        llamaSystemInfo.Trim());

    private static string CpuName()
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
