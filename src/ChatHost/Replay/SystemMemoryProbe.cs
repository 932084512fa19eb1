using System.Diagnostics;
using ModelScale.Profiles.Hardware;

namespace ModelScale.ChatHost.Replay;

/// <summary>
/// This process's working set, and the memory in use on NVIDIA GPUs through NVML (device-wide: NVML's per-process
/// figures need more rights than a user has on some drivers). Without NVML the GPU side is null.
/// </summary>
public sealed class SystemMemoryProbe : IMemoryProbe, IDisposable
{
    private readonly Process _process = Process.GetCurrentProcess();
    private readonly Lock _gate = new();
    private readonly NvmlGpuDetector _nvml = new();
    private bool _nvmlMissing;

    public long ReadProcessBytes()
    {
        lock (_gate)
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    public long? ReadGpuUsedBytes()
    {
        if (_nvmlMissing)
        {
            return null;
        }

        var devices = _nvml.Detect().Devices;
        if (devices.Count == 0)
        {
            // No NVML or no NVIDIA GPU: stop asking, it will not appear during a run.
            _nvmlMissing = true;
            return null;
        }

        return devices.Sum(d => d.TotalBytes - d.FreeBytes);
    }

    public void Dispose() => _process.Dispose();
}
