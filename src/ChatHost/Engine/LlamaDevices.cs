using System.Reflection;
using System.Runtime.InteropServices;
using LLama.Exceptions;
using LLama.Native;

namespace ModelScale.ChatHost.Engine;

/// <summary>
/// llama.cpp's own device list, through ggml_backend_dev_* called by hand: LLamaSharp binds the count, get and name,
/// but not the memory, description or type. The functions are looked up in the very libggml and libggml-base that
/// LLamaSharp loaded next to libllama (its assembly's import resolver answers for them), never in a second copy.
/// Any failure (natives that do not load, a missing symbol) is a reason in <see cref="LlamaDeviceList.Failure"/>.
/// </summary>
/// <remarks>
/// LLamaSharp's native configuration can be set only before its first native call, so this class installs the log
/// callback (<see cref="NativeLog.EnsureInstalled"/>) before it touches the natives; a caller that wants llama.cpp's
/// log in its own logger calls <see cref="NativeLog.Install"/> first (<see cref="LlamaCppGpuDetector"/> does).
/// </remarks>
public static unsafe class LlamaDevices
{
    private static readonly Lock Gate = new();
    private static Bindings? _bindings;

    /// <summary>Lists llama.cpp's devices, loading LLamaSharp's native library if nothing has yet.</summary>
    public static LlamaDeviceList Enumerate()
    {
        Bindings bindings;
        lock (Gate)
        {
            if (_bindings is null)
            {
                var failure = Bind(out var bound);
                if (bound is null)
                {
                    return new LlamaDeviceList([], failure);
                }

                _bindings = bound;
            }

            bindings = _bindings;
        }

        var count = bindings.Count();
        var devices = new List<LlamaDevice>();
        for (nuint i = 0; i < count; i++)
        {
            var device = bindings.Get(i);
            if (device == 0)
            {
                continue;
            }

            nuint free = 0, total = 0;
            bindings.Memory(device, &free, &total);
            devices.Add(new LlamaDevice(
                (int)i,
                Marshal.PtrToStringUTF8(bindings.Name(device)) ?? "",
                Marshal.PtrToStringUTF8(bindings.Description(device)) ?? "",
                (LlamaDeviceType)bindings.Type(device),
                ToLong(free),
                ToLong(total)));
        }

        return new LlamaDeviceList(devices, null);
    }

    private static string Bind(out Bindings? bindings)
    {
        bindings = null;
        NativeLog.EnsureInstalled();
        try
        {
            // Any NativeApi call runs LLamaSharp's static constructor, which picks and loads libllama (and with it
            // libggml and libggml-base) and installs the import resolver consulted below.
            NativeApi.llama_max_devices();
        }
        catch (Exception ex) when (ex is TypeInitializationException or RuntimeError or DllNotFoundException or EntryPointNotFoundException)
        {
            var inner = ex is TypeInitializationException { InnerException: { } cause } ? cause : ex;
            return $"LLamaSharp's native library did not load: {FirstLine(inner.Message)}";
        }

        var assembly = typeof(NativeApi).Assembly;
        if (!TryLoad("ggml", assembly, out var ggml))
        {
            return $"{FileName("ggml")} was not found beside libllama";
        }

        if (!TryLoad("ggml-base", assembly, out var ggmlBase))
        {
            return $"{FileName("ggml-base")} was not found beside libllama";
        }

        nint[] handles = [ggmlBase, ggml];
        var missing = new List<string>();
        nint Find(string symbol)
        {
            foreach (var handle in handles)
            {
                if (NativeLibrary.TryGetExport(handle, symbol, out var address))
                {
                    return address;
                }
            }

            missing.Add(symbol);
            return 0;
        }

        var count = Find("ggml_backend_dev_count");
        var get = Find("ggml_backend_dev_get");
        var name = Find("ggml_backend_dev_name");
        var description = Find("ggml_backend_dev_description");
        var memory = Find("ggml_backend_dev_memory");
        var type = Find("ggml_backend_dev_type");
        if (missing.Count > 0)
        {
            return $"the loaded ggml libraries lack {string.Join(", ", missing)}";
        }

        bindings = new Bindings(
            (delegate* unmanaged[Cdecl]<nuint>)count,
            (delegate* unmanaged[Cdecl]<nuint, nint>)get,
            (delegate* unmanaged[Cdecl]<nint, nint>)name,
            (delegate* unmanaged[Cdecl]<nint, nint>)description,
            (delegate* unmanaged[Cdecl]<nint, nuint*, nuint*, void>)memory,
            (delegate* unmanaged[Cdecl]<nint, int>)type);
        return "";
    }

    /// <summary>
    /// First through LLamaSharp's assembly (its resolver hands out the libraries it loaded), then by file name, which
    /// the OS answers with the copy already in the process.
    /// </summary>
    private static bool TryLoad(string name, Assembly assembly, out nint handle) =>
        NativeLibrary.TryLoad(name, assembly, null, out handle) || NativeLibrary.TryLoad(FileName(name), out handle);

    private static string FileName(string name) =>
        OperatingSystem.IsWindows() ? $"{name}.dll" : OperatingSystem.IsMacOS() ? $"lib{name}.dylib" : $"lib{name}.so";

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    private static long ToLong(nuint value) => value > long.MaxValue ? long.MaxValue : (long)value;

    private sealed class Bindings(
        delegate* unmanaged[Cdecl]<nuint> count,
        delegate* unmanaged[Cdecl]<nuint, nint> get,
        delegate* unmanaged[Cdecl]<nint, nint> name,
        delegate* unmanaged[Cdecl]<nint, nint> description,
        delegate* unmanaged[Cdecl]<nint, nuint*, nuint*, void> memory,
        delegate* unmanaged[Cdecl]<nint, int> type)
    {
        public delegate* unmanaged[Cdecl]<nuint> Count { get; } = count;

        public delegate* unmanaged[Cdecl]<nuint, nint> Get { get; } = get;

        public delegate* unmanaged[Cdecl]<nint, nint> Name { get; } = name;

        public delegate* unmanaged[Cdecl]<nint, nint> Description { get; } = description;

        public delegate* unmanaged[Cdecl]<nint, nuint*, nuint*, void> Memory { get; } = memory;

        public delegate* unmanaged[Cdecl]<nint, int> Type { get; } = type;
    }
}
