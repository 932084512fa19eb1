using ModelScale.Profiles.Hardware;
using ModelScale.Profiles.Tests.Catalog;
using ModelScale.Profiles.Units;

namespace ModelScale.Profiles.Tests.Hardware;

public sealed class GpuInventoryTests
{
    private readonly FakePlatformEnvironment _environment = new();

    private GpuInventory Inventory(string? vram, params IGpuDetector[] detectors) =>
        new(detectors, _environment, new HardwareOverrides { Vram = vram });

    [Fact]
    public void Option_BeatsEnvironment_AndSkipsDetection()
    {
        _environment.Variables[GpuOverride.EnvironmentVariable] = "8GiB";
        var nvml = new FakeGpuDetector(GpuSource.Nvml, FakeGpuDetector.Device(GpuSource.Nvml, 0, 80));

        var scan = Inventory("24GiB,12GiB", nvml).Scan();

        Assert.Equal([24 * ByteSize.GiB, 12 * ByteSize.GiB], scan.Devices.Select(d => d.TotalBytes));
        Assert.Equal(GpuSource.Override, scan.Source);
        Assert.Equal(0, nvml.Calls);
        Assert.Equal(["Override: --vram 24GiB,12GiB gives 2 GPUs; detection skipped."], scan.Notes);
    }

    [Fact]
    public void Environment_IsUsed_WhenTheOptionIsAbsent()
    {
        _environment.Variables[GpuOverride.EnvironmentVariable] = "none";
        var nvml = new FakeGpuDetector(GpuSource.Nvml, FakeGpuDetector.Device(GpuSource.Nvml, 0, 80));

        var scan = Inventory(null, nvml).Scan();

        Assert.False(scan.HasGpu);
        Assert.Null(scan.Source);
        Assert.Equal(0, nvml.Calls);
        Assert.Equal(["Override: MODELSCALE_VRAM none gives no GPU; detection skipped."], scan.Notes);
    }

    [Fact]
    public void AnEmptyEnvironmentVariable_CountsAsUnset()
    {
        _environment.Variables[GpuOverride.EnvironmentVariable] = " ";
        var nvml = new FakeGpuDetector(GpuSource.Nvml, FakeGpuDetector.Device(GpuSource.Nvml, 0, 80));

        var scan = Inventory(null, nvml).Scan();

        Assert.Equal(GpuSource.Nvml, scan.Source);
        Assert.Equal(1, nvml.Calls);
    }

    [Fact]
    public void ABadEnvironmentValue_IsAHardwareException_NamingTheVariable()
    {
        _environment.Variables[GpuOverride.EnvironmentVariable] = "big";

        var ex = Assert.Throws<HardwareException>(() => Inventory(null).Scan());

        Assert.StartsWith("MODELSCALE_VRAM: 'big' is not a size", ex.Message);
    }

    [Fact]
    public void WithoutOverride_NvmlWinsOverLlamaCpp_RegardlessOfRegistrationOrder_AndBothLeaveNotes()
    {
        var llama = new FakeGpuDetector(GpuSource.LlamaCpp, FakeGpuDetector.Device(GpuSource.LlamaCpp, 0, 24));
        var nvml = new FakeGpuDetector(GpuSource.Nvml, FakeGpuDetector.Device(GpuSource.Nvml, 0, 24), FakeGpuDetector.Device(GpuSource.Nvml, 1, 8));

        var scan = Inventory(null, llama, nvml).Scan();

        Assert.Equal(GpuSource.Nvml, scan.Source);
        Assert.Equal(2, scan.Devices.Count);
        Assert.Equal(32 * ByteSize.GiB, scan.TotalBytes);
        Assert.Equal(16 * ByteSize.GiB, scan.FreeBytes);
        Assert.Equal(["NVML: 2 seen.", "llama.cpp: 1 seen."], scan.Notes);
        Assert.Equal([GpuSource.Nvml, GpuSource.Nvml, GpuSource.LlamaCpp], scan.Detected.Select(d => d.Source));
    }

    [Fact]
    public void AnOverride_DetectsNothing()
    {
        var nvml = new FakeGpuDetector(GpuSource.Nvml, FakeGpuDetector.Device(GpuSource.Nvml, 0, 24));

        var scan = Inventory("8GiB", nvml).Scan();

        Assert.Single(scan.Devices);
        Assert.Empty(scan.Detected);
    }

    [Fact]
    public void WhenNvmlFindsNothing_TheNextSourceSuppliesTheDevices()
    {
        var nvml = new FakeGpuDetector(GpuSource.Nvml);
        var llama = new FakeGpuDetector(GpuSource.LlamaCpp, FakeGpuDetector.Device(GpuSource.LlamaCpp, 0, 16));

        var scan = Inventory(null, nvml, llama).Scan();

        Assert.Equal(GpuSource.LlamaCpp, scan.Source);
        Assert.Equal("LlamaCpp GPU 0", Assert.Single(scan.Devices).Name);
    }

    [Fact]
    public void ADetectorThatThrows_BecomesANote_AndTheOthersStillRun()
    {
        var nvml = new FakeGpuDetector(GpuSource.Nvml) { Throws = new InvalidOperationException("boom") };
        var llama = new FakeGpuDetector(GpuSource.LlamaCpp, FakeGpuDetector.Device(GpuSource.LlamaCpp, 0, 16));

        var scan = Inventory(null, nvml, llama).Scan();

        Assert.Equal(GpuSource.LlamaCpp, scan.Source);
        Assert.Equal(["NVML: failed (boom)", "llama.cpp: 1 seen."], scan.Notes);
    }

    [Fact]
    public void NoDetectors_AndNoOverride_IsACpuPlan_WithANote()
    {
        var scan = Inventory(null).Scan();

        Assert.False(scan.HasGpu);
        Assert.Equal(["No GPU detector is registered."], scan.Notes);
    }
}
