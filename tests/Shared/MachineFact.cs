using System.Runtime.InteropServices;

namespace ModelScale.Tests.Shared;

/// <summary>What a test needs of the machine it runs on, beyond what every machine has.</summary>
internal enum MachineNeed
{
    /// <summary>Linux (bash scripts, signals, the linux-x64 native folders).</summary>
    Linux,

    /// <summary>A Unix, where a child can be sent SIGINT as a terminal's Ctrl+C.</summary>
    Unix,

    /// <summary>Linux on an x86 CPU with AVX2, for the packaged linux-x64/avx2 llama.cpp build.</summary>
    LinuxWithAvx2,

    /// <summary>No NVIDIA driver (NVML cannot be loaded), for what a GPU-less machine shows.</summary>
    NoNvidiaDriver,
}

/// <summary>
/// A fact that runs only on a machine with <see cref="MachineNeed"/>; elsewhere it is skipped with one line saying
/// what it needs, instead of returning early and passing without having run.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class MachineFactAttribute : FactAttribute
{
    public MachineFactAttribute(MachineNeed need)
    {
        if (MachineNeeds.MissingReason(need) is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>Whether this machine has what a <see cref="MachineFactAttribute"/> needs.</summary>
internal static class MachineNeeds
{
    /// <summary>Null when the machine has <paramref name="need"/>; otherwise the one line a skipped test shows.</summary>
    public static string? MissingReason(MachineNeed need) => need switch
    {
        MachineNeed.Linux when !OperatingSystem.IsLinux() => "needs Linux",
        MachineNeed.Unix when OperatingSystem.IsWindows() => "needs a Unix: Windows has no SIGINT to send a child",
        MachineNeed.LinuxWithAvx2 when !OperatingSystem.IsLinux() || !System.Runtime.Intrinsics.X86.Avx2.IsSupported =>
            "needs Linux on an x86 CPU with AVX2 (the packaged linux-x64/avx2 llama.cpp build)",
        MachineNeed.NoNvidiaDriver when NativeLibrary.TryLoad("libnvidia-ml.so.1", out _) || NativeLibrary.TryLoad("nvml.dll", out _) =>
            "needs a machine without an NVIDIA driver; this one has NVML, so it has GPUs to show",
        _ => null,
    };
}
