using System.Globalization;
using Microsoft.Extensions.Logging;
using ModelScale.Profiles.Hardware;
using ModelScale.Profiles.Units;

namespace ModelScale.ChatHost.Engine;

/// <summary>
/// The engine's view of the GPUs: the GPU devices of the llama.cpp build that LLamaSharp loaded (CUDA, Vulkan, Metal),
/// in llama.cpp's own GPU order. On the CPU build it finds none and says so; the CPU device's memory is reported as a
/// cross-check of the host RAM.
/// </summary>
public sealed class LlamaCppGpuDetector : IGpuDetector
{
    private const string Label = "llama.cpp";

    private readonly ILogger<LlamaCppGpuDetector> _logger;
    private readonly Func<LlamaDeviceList> _enumerate;

    public LlamaCppGpuDetector(ILogger<LlamaCppGpuDetector> logger)
        : this(logger, LlamaDevices.Enumerate)
    {
    }

    internal LlamaCppGpuDetector(ILogger<LlamaCppGpuDetector> logger, Func<LlamaDeviceList> enumerate)
    {
        _logger = logger;
        _enumerate = enumerate;
    }

    public GpuSource Source => GpuSource.LlamaCpp;

    public GpuDetection Detect()
    {
        // Loading the natives is llama.cpp's first native call in this process: route its log before it happens.
        NativeLog.Install(_logger);
        var list = _enumerate();
        return list.Failure is not null
            ? GpuDetection.None($"{Label}: device list not available ({list.Failure}).")
            : ToDetection(list.Devices);
    }

    internal static GpuDetection ToDetection(IReadOnlyList<LlamaDevice> all)
    {
        var gpus = all.Where(d => d.IsGpu).ToList();
        var devices = gpus
            .Select((d, i) => new GpuDevice(i, DisplayName(d), d.TotalBytes, d.FreeBytes, GpuSource.LlamaCpp))
            .ToList();

        var notes = new List<string>
        {
            gpus.Count switch
            {
                0 => $"{Label}: CPU backend only.",
                1 => $"{Label}: 1 GPU ({gpus[0].Name}).",
                _ => $"{Label}: {gpus.Count} GPUs ({string.Join(", ", gpus.Select(g => g.Name))}).",
            },
        };

        foreach (var cpu in all.Where(d => d.Type == LlamaDeviceType.Cpu))
        {
            notes.Add($"{Label}: the CPU device ({Describe(cpu)}) reports {ByteSize.Format(cpu.TotalBytes)} of host memory.");
        }

        var others = all.Where(d => !d.IsGpu && d.Type != LlamaDeviceType.Cpu).ToList();
        if (others.Count > 0)
        {
            notes.Add($"{Label}: also {string.Join(", ", others.Select(o => $"{o.Name} ({TypeName(o.Type)})"))}.");
        }

        return new GpuDetection(devices, notes);
    }

    private static string DisplayName(LlamaDevice device)
    {
        var integrated = device.Type == LlamaDeviceType.IntegratedGpu ? ", integrated" : "";
        return string.IsNullOrWhiteSpace(device.Description) || device.Description == device.Name
            ? $"{device.Name}{integrated}"
            : $"{device.Description} ({device.Name}{integrated})";
    }

    private static string Describe(LlamaDevice device) =>
        string.IsNullOrWhiteSpace(device.Description) ? device.Name : device.Description.Trim();

    private static string TypeName(LlamaDeviceType type) => type switch
    {
        LlamaDeviceType.Accelerator => "accelerator",
        _ => string.Create(CultureInfo.InvariantCulture, $"device type {(int)type}"),
    };
}
