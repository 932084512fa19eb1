using System.Runtime.InteropServices;
using LLama.Native;

namespace ModelScale.ChatHost.Engine;

/// <summary>
/// Which llama.cpp libraries LLamaSharp loads: the backend package's (the default, one build per instruction set), or
/// a folder named by <see cref="Variable"/>, such as one that tools/native-cpu/build.sh assembles with ggml built for
/// the CPU's own instruction set (AVX512_VNNI speeds prompt evaluation; see docs/bench.md). The folder is checked here,
/// because a missing or wrong library would otherwise fail inside native code.
/// </summary>
public static class NativeLibraryFolder
{
    /// <summary>The environment variable that names the folder.</summary>
    public const string Variable = "MODELSCALE_NATIVE_DIR";

    private static readonly Lock Gate = new();

    /// <summary>The folder in use; null while the backend package's libraries are.</summary>
    public static string? Current { get; private set; }

    /// <summary>The libraries a folder must hold on this OS: llama, then the ggml libraries llama links against.</summary>
    public static IReadOnlyList<string> RequiredFiles =>
        OperatingSystem.IsWindows() ? ["llama.dll", "ggml.dll", "ggml-base.dll", "ggml-cpu.dll"]
        : OperatingSystem.IsMacOS() ? ["libllama.dylib", "libggml.dylib", "libggml-base.dylib", "libggml-cpu.dylib"]
        : ["libllama.so", "libggml.so", "libggml-base.so", "libggml-cpu.so"];

    private static string MtmdFile =>
        OperatingSystem.IsWindows() ? "mtmd.dll" : OperatingSystem.IsMacOS() ? "libmtmd.dylib" : "libmtmd.so";

    /// <summary>Points LLamaSharp at <paramref name="folder"/> (nothing to do when it is null or empty).</summary>
    /// <exception cref="NativeLibraryException">The folder does not exist, lacks a library, or comes too late.</exception>
    public static void Use(string? folder)
    {
        if (string.IsNullOrWhiteSpace(folder))
        {
            return;
        }

        var full = Path.GetFullPath(folder);
        lock (Gate)
        {
            if (string.Equals(Current, full, StringComparison.Ordinal))
            {
                return;
            }

            if (!Directory.Exists(full))
            {
                throw new NativeLibraryException($"{Variable} names '{full}', which is not a folder.");
            }

            var missing = RequiredFiles.Where(f => !File.Exists(Path.Combine(full, f))).ToList();
            if (missing.Count > 0)
            {
                throw new NativeLibraryException(
                    $"{Variable} names '{full}', which lacks {string.Join(", ", missing)}; tools/native-cpu/build.sh assembles a complete folder.");
            }

            if (NativeLibraryConfig.LLama.LibraryHasLoaded)
            {
                throw new NativeLibraryException($"{Variable} came too late: llama.cpp is already loaded from elsewhere in this process.");
            }

            // Opening the library here (and closing it again) finds a file that is not a library for this machine,
            // or a ggml library it cannot find, before LLamaSharp's own loader fails with a type initializer error.
            var llama = Path.Combine(full, RequiredFiles[0]);
            try
            {
                NativeLibrary.Free(NativeLibrary.Load(llama));
            }
            catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException)
            {
                throw new NativeLibraryException(
                    $"{Variable} names '{full}', whose {RequiredFiles[0]} cannot be loaded on this machine ({LastLine(ex.Message)}).", ex);
            }

            var mtmd = Path.Combine(full, MtmdFile);
            NativeLibraryConfig.All.WithLibrary(llama, File.Exists(mtmd) ? mtmd : null);
            Current = full;
        }
    }

    /// <summary>The loader's own reason, without the list of places .NET also tried.</summary>
    private static string LastLine(string message) =>
        message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()?.TrimEnd('.', ':') ?? message;
}
