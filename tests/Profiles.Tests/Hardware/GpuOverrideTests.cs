using ModelScale.Profiles.Hardware;
using ModelScale.Profiles.Units;

namespace ModelScale.Profiles.Tests.Hardware;

public sealed class GpuOverrideTests
{
    [Fact]
    public void OneSize_IsOneDeviceNamedOverride0_WithFreeEqualToTotal()
    {
        var devices = GpuOverride.Parse("24GiB", "--vram");

        var device = Assert.Single(devices);
        Assert.Equal(new GpuDevice(0, "override 0", 24 * ByteSize.GiB, 24 * ByteSize.GiB, GpuSource.Override), device);
    }

    [Fact]
    public void ACommaList_IsSeveralDevices_InOrder_AndSpacesAreAllowed()
    {
        var devices = GpuOverride.Parse(" 24GiB, 8GiB ,12GB", "--vram");

        Assert.Equal(["override 0", "override 1", "override 2"], devices.Select(d => d.Name));
        Assert.Equal([24 * ByteSize.GiB, 8 * ByteSize.GiB, 12_000_000_000L], devices.Select(d => d.TotalBytes));
        Assert.Equal([0, 1, 2], devices.Select(d => d.Index));
        Assert.All(devices, d => Assert.Equal(d.TotalBytes, d.FreeBytes));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("none")]
    [InlineData("NONE")]
    [InlineData(" None ")]
    [InlineData("0GiB")]
    public void ZeroOrNone_MeansNoGpu(string text)
    {
        Assert.True(GpuOverride.TryParse(text, "--vram", out var devices, out var error));
        Assert.Empty(devices);
        Assert.Equal("", error);
    }

    [Theory]
    [InlineData("", "--vram is empty; write each GPU's memory like 24GiB, several like 24GiB,8GiB, or 0 for no GPU.")]
    [InlineData("24XB", "--vram: '24XB' is not a size; write each GPU's memory like 24GiB, several like 24GiB,8GiB, or 0 for no GPU.")]
    [InlineData("-1GiB", "--vram: '-1GiB' is not a size; write each GPU's memory like 24GiB, several like 24GiB,8GiB, or 0 for no GPU.")]
    [InlineData("24GiB,,8GiB", "--vram '24GiB,,8GiB' has an empty entry; write each GPU's memory like 24GiB, several like 24GiB,8GiB, or 0 for no GPU.")]
    [InlineData("24GiB,0", "--vram '24GiB,0' lists a GPU with no memory; write 0 or none alone for no GPU.")]
    [InlineData("none,8GiB", "--vram 'none,8GiB' mixes 'none' with sizes; write none alone for no GPU.")]
    [InlineData("24", "--vram: '24' is only 24 B, too small for a GPU; give the unit, like 24GiB or 24MiB.")]
    [InlineData("512KiB", "--vram: '512KiB' is only 512.0 KiB, too small for a GPU; write each GPU's memory like 24GiB, several like 24GiB,8GiB, or 0 for no GPU.")]
    [InlineData("9999999TiB", "--vram: '9999999TiB' is larger than any machine has.")]
    public void BadValues_GetOneSentence_ThatNamesWhereTheValueCameFrom(string text, string expected)
    {
        Assert.False(GpuOverride.TryParse(text, "--vram", out var devices, out var error));
        Assert.Empty(devices);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Parse_ThrowsHardwareException_WithTheSameSentence()
    {
        var ex = Assert.Throws<HardwareException>(() => GpuOverride.Parse("lots", GpuOverride.EnvironmentVariable));

        Assert.Equal("MODELSCALE_VRAM: 'lots' is not a size; write each GPU's memory like 24GiB, several like 24GiB,8GiB, or 0 for no GPU.", ex.Message);
    }
}
