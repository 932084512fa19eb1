using System.Runtime.InteropServices;

namespace ModelScale.Profiles.Hardware;

/// <summary>
/// NVIDIA's management library, bound by hand: loaded with <see cref="NativeLibrary.TryLoad(string, out nint)"/> and
/// called through function pointers, so that a machine without the NVIDIA driver gets a reason, never an exception.
/// The library stays loaded once found (unloading a driver library is not worth the risk).
/// </summary>
internal sealed unsafe class NvmlLibrary : INvml
{
    private const int NameBufferSize = 96; // NVML_DEVICE_NAME_V2_BUFFER_SIZE

    private static readonly string[] Required =
    [
        "nvmlInit_v2", "nvmlDeviceGetCount_v2", "nvmlDeviceGetHandleByIndex_v2", "nvmlDeviceGetName",
        "nvmlDeviceGetMemoryInfo", "nvmlShutdown",
    ];

    private static readonly Lock Gate = new();
    private static NvmlLibrary? _loaded;

    private readonly delegate* unmanaged[Cdecl]<int> _init;
    private readonly delegate* unmanaged[Cdecl]<uint*, int> _getCount;
    private readonly delegate* unmanaged[Cdecl]<uint, nint*, int> _getHandle;
    private readonly delegate* unmanaged[Cdecl]<nint, byte*, uint, int> _getName;
    private readonly delegate* unmanaged[Cdecl]<nint, NvmlMemory*, int> _getMemory;
    private readonly delegate* unmanaged[Cdecl]<int> _shutdown;
    private readonly delegate* unmanaged[Cdecl]<int, byte*> _errorString;

    private NvmlLibrary(nint handle)
    {
        _init = (delegate* unmanaged[Cdecl]<int>)Export(handle, "nvmlInit_v2");
        _getCount = (delegate* unmanaged[Cdecl]<uint*, int>)Export(handle, "nvmlDeviceGetCount_v2");
        _getHandle = (delegate* unmanaged[Cdecl]<uint, nint*, int>)Export(handle, "nvmlDeviceGetHandleByIndex_v2");
        _getName = (delegate* unmanaged[Cdecl]<nint, byte*, uint, int>)Export(handle, "nvmlDeviceGetName");
        _getMemory = (delegate* unmanaged[Cdecl]<nint, NvmlMemory*, int>)Export(handle, "nvmlDeviceGetMemoryInfo");
        _shutdown = (delegate* unmanaged[Cdecl]<int>)Export(handle, "nvmlShutdown");
        NativeLibrary.TryGetExport(handle, "nvmlErrorString", out var errorString);
        _errorString = (delegate* unmanaged[Cdecl]<int, byte*>)errorString;
    }

    /// <summary>The names tried, in order, on this OS; empty where NVML does not exist (macOS).</summary>
    internal static IReadOnlyList<string> CandidateNames()
    {
        if (OperatingSystem.IsWindows())
        {
            // Current drivers put nvml.dll in System32; older ones only under Program Files\NVIDIA Corporation\NVSMI.
            var programFiles = Environment.GetEnvironmentVariable("ProgramW6432") is { Length: > 0 } w6432
                ? w6432
                : Environment.GetFolderPath(Environment.SpecialFolder.ProgramFiles);
            return ["nvml.dll", Path.Combine(programFiles, "NVIDIA Corporation", "NVSMI", "nvml.dll")];
        }

        return OperatingSystem.IsMacOS() ? [] : ["libnvidia-ml.so.1", "libnvidia-ml.so"];
    }

    /// <summary>Loads NVML once per process; null with the reason when it is not there or lacks a needed call.</summary>
    public static INvml? TryLoad(out string failure)
    {
        lock (Gate)
        {
            failure = "";
            if (_loaded is not null)
            {
                return _loaded;
            }

            var names = CandidateNames();
            if (names.Count == 0)
            {
                failure = "NVIDIA drivers do not exist for this OS";
                return null;
            }

            foreach (var name in names)
            {
                if (!NativeLibrary.TryLoad(name, out var handle))
                {
                    continue;
                }

                var missing = MissingExports(handle);
                if (missing is not null)
                {
                    failure = $"{name} lacks {missing}; the NVIDIA driver is too old";
                    return null;
                }

                _loaded = new NvmlLibrary(handle);
                return _loaded;
            }

            failure = $"{names[0]} not found";
            return null;
        }
    }

    public int Init() => _init();

    public int GetDeviceCount(out uint count)
    {
        uint value = 0;
        var status = _getCount(&value);
        count = value;
        return status;
    }

    public int GetDeviceHandle(uint index, out nint device)
    {
        nint value = 0;
        var status = _getHandle(index, &value);
        device = value;
        return status;
    }

    public int GetDeviceName(nint device, out string name)
    {
        var buffer = stackalloc byte[NameBufferSize];
        var status = _getName(device, buffer, NameBufferSize);
        name = status == NvmlStatus.Success ? Marshal.PtrToStringUTF8((nint)buffer) ?? "" : "";
        return status;
    }

    public int GetMemoryInfo(nint device, out NvmlMemory memory)
    {
        NvmlMemory value = default;
        var status = _getMemory(device, &value);
        memory = value;
        return status;
    }

    public int Shutdown() => _shutdown();

    public string ErrorString(int code)
    {
        var text = _errorString is null ? null : Marshal.PtrToStringUTF8((nint)_errorString(code));
        return string.IsNullOrWhiteSpace(text) ? NvmlStatus.Describe(code) : text;
    }

    private static string? MissingExports(nint handle) =>
        Required.FirstOrDefault(name => !NativeLibrary.TryGetExport(handle, name, out _));

    private static nint Export(nint handle, string name) => NativeLibrary.GetExport(handle, name);
}
