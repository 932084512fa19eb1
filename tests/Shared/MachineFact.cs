using System.Runtime.InteropServices;

namespace ModelScale.Tests.Shared;

/// <summary>What a test needs of the machine it runs on, beyond what every machine has.</summary>
internal enum MachineNeed
{
    /// <summary>Linux (bash scripts, signals, the linux-x64 native folders).</summary>
    Linux,

    /// <summary>
    /// A Unix, where a child can be sent SIGINT as a terminal's Ctrl+C, and where this test run does not ignore SIGINT:
    /// a run started as a background job of a script (`dotnet test &amp;`) ignores it, every child inherits that, and the
    /// .NET runtime then leaves SIGINT ignored, as a background job should.
    /// </summary>
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
        MachineNeed.Unix when SigintIgnored() =>
            "needs SIGINT: this test run was started with SIGINT ignored (a background job of a script), and its children inherit that",
        MachineNeed.LinuxWithAvx2 when !OperatingSystem.IsLinux() || !System.Runtime.Intrinsics.X86.Avx2.IsSupported =>
            "needs Linux on an x86 CPU with AVX2 (the packaged linux-x64/avx2 llama.cpp build)",
        MachineNeed.NoNvidiaDriver when NativeLibrary.TryLoad("libnvidia-ml.so.1", out _) || NativeLibrary.TryLoad("nvml.dll", out _) =>
            "needs a machine without an NVIDIA driver; this one has NVML, so it has GPUs to show",
        _ => null,
    };

    /// <summary>Whether this process ignores SIGINT (bit 1 of SigIgn in /proc/self/status); false where there is no /proc.</summary>
    private static bool SigintIgnored()
    {
        const string Status = "/proc/self/status";
        if (!OperatingSystem.IsLinux() || !File.Exists(Status))
        {
            return false;
        }

        var line = File.ReadLines(Status).FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null
            && ulong.TryParse(line["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var ignored)
            && (ignored & (1UL << (2 - 1))) != 0;
    }
}
