using ModelScale.Profiles.Hardware;
using ModelScale.Profiles.Tests.Catalog;
using ModelScale.Profiles.Units;

namespace ModelScale.Profiles.Tests.Hardware;

public sealed class HostMemoryTests
{
    private const string MemInfo = """
        MemTotal:       24683620 kB
        MemFree:        21681664 kB
        MemAvailable:   24158140 kB
        Buffers:           19432 kB
        Cached:          2733692 kB
        SwapCached:            0 kB
        HugePages_Total:       0
        Hugepagesize:       2048 kB
        """;

    [Fact]
    public void ParseMemInfo_ReadsMemAvailableAndMemTotal_InBytes()
    {
        var parsed = HostMemory.ParseMemInfo(MemInfo);

        Assert.Equal((24158140L * 1024, (long?)24683620L * 1024), parsed);
    }

    [Fact]
    public void ParseMemInfo_OnAKernelWithoutMemAvailable_AddsFreeBuffersAndCached()
    {
        var parsed = HostMemory.ParseMemInfo("MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 20 kB\nCached: 300 kB\n");

        Assert.Equal((420L * 1024, (long?)1000 * 1024), parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not meminfo at all")]
    [InlineData("MemAvailable: lots kB")]
    public void ParseMemInfo_WithoutUsableFields_IsNull(string text) => Assert.Null(HostMemory.ParseMemInfo(text));

    [Theory]
    [InlineData("max\n", null)]
    [InlineData("8589934592\n", 8589934592L)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void ParseCgroupLimit_ReadsANumberOrNoLimit(string? text, long? expected) =>
        Assert.Equal(expected, HostMemory.ParseCgroupLimit(text));

    [Fact]
    public void ACgroupLimitBelowTheHostsMemory_CapsBothFigures()
    {
        var host = new HostMemoryInfo(20 * ByteSize.GiB, 24 * ByteSize.GiB, "/proc/meminfo");

        var capped = HostMemory.ApplyCgroupLimit(host, 8 * ByteSize.GiB);

        Assert.Equal(new HostMemoryInfo(8 * ByteSize.GiB, 8 * ByteSize.GiB, "/proc/meminfo, capped by the cgroup memory limit"), capped);
        Assert.Same(host, HostMemory.ApplyCgroupLimit(host, null));
        Assert.Same(host, HostMemory.ApplyCgroupLimit(host, 64 * ByteSize.GiB));
    }

    [Fact]
    public void TheEnvironmentOverride_Wins()
    {
        var environment = new FakePlatformEnvironment { Variables = { [HostMemory.EnvironmentVariable] = "16GiB" } };

        var info = new HostMemory(environment).Read();

        Assert.Equal(new HostMemoryInfo(16 * ByteSize.GiB, 16 * ByteSize.GiB, "MODELSCALE_RAM"), info);
    }

    [Theory]
    [InlineData("plenty", "MODELSCALE_RAM: 'plenty' is not a size; write it like 24GiB, 512MiB or 8GB.")]
    [InlineData("0", "MODELSCALE_RAM must be more than 0 bytes; write it like 16GiB.")]
    public void ABadEnvironmentOverride_IsOneSentence(string value, string expected)
    {
        var environment = new FakePlatformEnvironment { Variables = { [HostMemory.EnvironmentVariable] = value } };

        var ex = Assert.Throws<HardwareException>(() => new HostMemory(environment).Read());

        Assert.Equal(expected, ex.Message);
    }

    [Fact]
    public void OnThisMachine_TheHostReportsSomeMemory()
    {
        var info = new HostMemory(new FakePlatformEnvironment()).Read();

        Assert.True(info.AvailableBytes > 0, info.ToString());
        Assert.True(info.TotalBytes is null || info.TotalBytes >= info.AvailableBytes, info.ToString());
        if (OperatingSystem.IsLinux())
        {
            Assert.StartsWith("/proc/meminfo", info.Source);
        }
    }
}
