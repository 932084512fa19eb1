using System.Runtime.InteropServices;
using ModelScale.Profiles.Hardware;

namespace ModelScale.Profiles.Tests.Hardware;

public sealed class NvmlGpuDetectorTests
{
    private const ulong GiB = 1UL << 30;

    [Fact]
    public void AMissingLibrary_IsNoDevicesAndANote()
    {
        var detector = new NvmlGpuDetector((out string failure) =>
        {
            failure = "libnvidia-ml.so.1 not found";
            return null;
        });

        var detection = detector.Detect();

        Assert.Empty(detection.Devices);
        Assert.Equal(["NVML: not available (libnvidia-ml.so.1 not found)."], detection.Notes);
    }

    [Fact]
    public void OnThisMachine_TheRealDetectorNeverThrows_AndExplainsAMissingDriver()
    {
        var detection = new NvmlGpuDetector().Detect();

        var libraryPresent = NvmlLibrary.CandidateNames().Any(name => NativeLibrary.TryLoad(name, out _));
        if (libraryPresent)
        {
            Assert.StartsWith("NVML: ", detection.Notes[0]);
        }
        else
        {
            Assert.Empty(detection.Devices);
            var note = Assert.Single(detection.Notes);
            Assert.StartsWith("NVML: not available (", note);
        }
    }

    [Fact]
    public void TwoGpus_AreReportedWithNameAndMemory_AndNvmlIsShutDown()
    {
        var nvml = new FakeNvml { Devices = { ("NVIDIA GeForce RTX 4090", 24 * GiB, 20 * GiB), ("NVIDIA RTX A2000", 12 * GiB, 12 * GiB) } };

        var detection = new NvmlGpuDetector(nvml.Loader).Detect();

        Assert.Equal(
            [
                new GpuDevice(0, "NVIDIA GeForce RTX 4090", 24L << 30, 20L << 30, GpuSource.Nvml),
                new GpuDevice(1, "NVIDIA RTX A2000", 12L << 30, 12L << 30, GpuSource.Nvml),
            ],
            detection.Devices);
        Assert.Equal(["NVML: 2 NVIDIA GPUs."], detection.Notes);
        Assert.Equal(1, nvml.Shutdowns);
    }

    [Fact]
    public void ADriverThatIsNotLoaded_IsANote_AndShutdownIsNotCalled()
    {
        var nvml = new FakeNvml { InitStatus = 9 };

        var detection = new NvmlGpuDetector(nvml.Loader).Detect();

        Assert.Empty(detection.Devices);
        Assert.Equal(["NVML: could not start (Driver Not Loaded, code 9); the NVIDIA driver is installed but not running."], detection.Notes);
        Assert.Equal(0, nvml.Shutdowns);
    }

    [Fact]
    public void ACountFailure_IsANote_AndNvmlIsStillShutDown()
    {
        var nvml = new FakeNvml { CountStatus = 999, Devices = { ("x", GiB, GiB) } };

        var detection = new NvmlGpuDetector(nvml.Loader).Detect();

        Assert.Empty(detection.Devices);
        Assert.Equal(["NVML: could not count GPUs (Unknown Error, code 999)."], detection.Notes);
        Assert.Equal(1, nvml.Shutdowns);
    }

    [Fact]
    public void ADeviceThatCannotBeRead_IsLeftOutWithANote_AndTheOthersRemain()
    {
        var nvml = new FakeNvml
        {
            Devices = { ("A", 8 * GiB, 8 * GiB), ("B", 16 * GiB, 4 * GiB), ("C", 24 * GiB, 24 * GiB) },
            HandleStatus = { [0] = 4 },
            MemoryStatus = { [2] = 15 },
            NameStatus = { [1] = 7 },
        };

        var detection = new NvmlGpuDetector(nvml.Loader).Detect();

        var device = Assert.Single(detection.Devices);
        Assert.Equal(new GpuDevice(1, "NVIDIA GPU 1", 16L << 30, 4L << 30, GpuSource.Nvml), device);
        Assert.Equal(
            [
                "NVML: 1 NVIDIA GPU.",
                "NVML: GPU 0 left out (Insufficient Permissions, code 4).",
                "NVML: GPU 2 left out, its memory could not be read (GPU is lost, code 15).",
            ],
            detection.Notes);
    }

    [Fact]
    public void NoDevices_SaysTheDriverReportsNone()
    {
        var detection = new NvmlGpuDetector(new FakeNvml().Loader).Detect();

        Assert.Empty(detection.Devices);
        Assert.Equal(["NVML: the NVIDIA driver reports no GPU."], detection.Notes);
    }
}
