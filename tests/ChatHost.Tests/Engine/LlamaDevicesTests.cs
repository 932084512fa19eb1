using LLama.Native;
using Microsoft.Extensions.Logging.Abstractions;
using ModelScale.ChatHost.Engine;
using ModelScale.Profiles.Hardware;

namespace ModelScale.ChatHost.Tests.Engine;

public sealed class LlamaDevicesTests
{
    [Fact]
    public void OnTheCpuBuild_llamaCppListsOneCpuDevice_WithTheHostsMemory()
    {
        var list = LlamaDevices.Enumerate();

        Assert.Null(list.Failure);
        var cpu = Assert.Single(list.Devices, d => d.Type == LlamaDeviceType.Cpu);
        Assert.DoesNotContain(list.Devices, d => d.IsGpu);
        Assert.Equal("CPU", cpu.Name);
        Assert.True(cpu.TotalBytes > 0);
        if (OperatingSystem.IsLinux())
        {
            // The CPU backend reports the physical memory: /proc/meminfo's MemTotal.
            var memTotal = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            var kib = long.Parse(memTotal.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(cpu.TotalBytes, kib * 1024 * 95 / 100, kib * 1024 * 105 / 100);
        }
    }

    [Fact]
    public void TheListComesFromTheSameLibrariesLLamaSharpLoaded()
    {
        var list = LlamaDevices.Enumerate();

        Assert.Equal((int)NativeApi.ggml_backend_dev_count(), list.Devices.Count);
        foreach (var device in list.Devices)
        {
            var name = NativeApi.ggml_backend_dev_name(NativeApi.ggml_backend_dev_get((nuint)device.Index));
            Assert.Equal(System.Runtime.InteropServices.Marshal.PtrToStringUTF8(name), device.Name);
        }
    }

    [Fact]
    public void TheDetector_OnTheCpuBuild_FindsNoGpu_AndSaysSo()
    {
        var detection = new LlamaCppGpuDetector(NullLogger<LlamaCppGpuDetector>.Instance).Detect();

        Assert.Empty(detection.Devices);
        Assert.Equal("llama.cpp: CPU backend only.", detection.Notes[0]);
        Assert.Contains(detection.Notes, n => n.StartsWith("llama.cpp: the CPU device (", StringComparison.Ordinal) && n.EndsWith(" of host memory.", StringComparison.Ordinal));
    }

    [Fact]
    public void GpusAndIntegratedGpus_BecomeDevices_InLlamaCppsGpuOrder()
    {
        LlamaDevice[] all =
        [
            new(0, "CUDA0", "NVIDIA GeForce RTX 4090", LlamaDeviceType.Gpu, 20L << 30, 24L << 30),
            new(1, "Vulkan0", "Intel(R) Graphics", LlamaDeviceType.IntegratedGpu, 8L << 30, 16L << 30),
            new(2, "BLAS", "OpenBLAS", LlamaDeviceType.Accelerator, 0, 0),
            new(3, "CPU", "AMD Ryzen 9", LlamaDeviceType.Cpu, 64L << 30, 64L << 30),
        ];

        var detection = LlamaCppGpuDetector.ToDetection(all);

        Assert.Equal(
            [
                new GpuDevice(0, "NVIDIA GeForce RTX 4090 (CUDA0)", 24L << 30, 20L << 30, GpuSource.LlamaCpp),
                new GpuDevice(1, "Intel(R) Graphics (Vulkan0, integrated)", 16L << 30, 8L << 30, GpuSource.LlamaCpp),
            ],
            detection.Devices);
        Assert.Equal(
            [
                "llama.cpp: 2 GPUs (CUDA0, Vulkan0).",
                "llama.cpp: the CPU device (AMD Ryzen 9) reports 64.0 GiB of host memory.",
                "llama.cpp: also BLAS (accelerator).",
            ],
            detection.Notes);
    }

    [Fact]
    public void AFailureToList_IsANote_NotAnException()
    {
        var detector = new LlamaCppGpuDetector(NullLogger<LlamaCppGpuDetector>.Instance, () => new LlamaDeviceList([], "libggml.so or libggml-base.so was not found beside libllama"));

        var detection = detector.Detect();

        Assert.Empty(detection.Devices);
        Assert.Equal(["llama.cpp: device list not available (libggml.so or libggml-base.so was not found beside libllama)."], detection.Notes);
    }
}
