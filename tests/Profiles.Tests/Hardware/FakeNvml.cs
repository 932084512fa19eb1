using ModelScale.Profiles.Hardware;

namespace ModelScale.Profiles.Tests.Hardware;

/// <summary>Plays an NVIDIA driver: each device has a name and memory, and any call can be told to fail.</summary>
internal sealed class FakeNvml : INvml
{
    public List<(string Name, ulong Total, ulong Free)> Devices { get; } = [];

    public int InitStatus { get; init; }

    public int CountStatus { get; init; }

    public Dictionary<uint, int> HandleStatus { get; } = [];

    public Dictionary<uint, int> MemoryStatus { get; } = [];

    public Dictionary<uint, int> NameStatus { get; } = [];

    public int Shutdowns { get; private set; }

    public int Init() => InitStatus;

    public int GetDeviceCount(out uint count)
    {
        count = CountStatus == 0 ? (uint)Devices.Count : 0;
        return CountStatus;
    }

    public int GetDeviceHandle(uint index, out nint device)
    {
        device = (nint)(index + 100);
        return HandleStatus.GetValueOrDefault(index);
    }

    public int GetDeviceName(nint device, out string name)
    {
        var index = (uint)(device - 100);
        var status = NameStatus.GetValueOrDefault(index);
        name = status == 0 ? Devices[(int)index].Name : "";
        return status;
    }

    public int GetMemoryInfo(nint device, out NvmlMemory memory)
    {
        var index = (uint)(device - 100);
        var status = MemoryStatus.GetValueOrDefault(index);
        var (_, total, free) = Devices[(int)index];
        memory = status == 0 ? new NvmlMemory { Total = total, Free = free, Used = total - free } : default;
        return status;
    }

    public int Shutdown()
    {
        Shutdowns++;
        return 0;
    }

    public string ErrorString(int code) => NvmlStatus.Describe(code);

    public NvmlLoader Loader => (out string failure) =>
    {
        failure = "";
        return this;
    };
}
