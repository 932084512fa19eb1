using ModelScale.Profiles.Files;
using ModelScale.Tests.Shared;

namespace ModelScale.Profiles.Tests.Files;

/// <summary>The one statx probe: <see cref="FileKinds.Of"/> follows links (readers), <see cref="FileKinds.OfLink"/> does not (writers).</summary>
public sealed class FileKindsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modelscale-kinds-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [LinuxFact]
    public void ALinkToAFile_IsRegularWhenFollowed_AndALinkWhenNot()
    {
        var file = Path.Combine(_folder, "target.json");
        File.WriteAllText(file, "{}");
        var link = Path.Combine(_folder, "link.json");
        File.CreateSymbolicLink(link, file);

        Assert.Equal(FileKind.Regular, FileKinds.Of(link));
        Assert.Equal(FileKind.SymbolicLink, FileKinds.OfLink(link));
        Assert.Equal(FileKind.Regular, FileKinds.OfLink(file));
    }

    [LinuxFact]
    public void ADanglingLink_IsMissingWhenFollowed_AndALinkWhenNot()
    {
        var link = Path.Combine(_folder, "dangling.json");
        File.CreateSymbolicLink(link, Path.Combine(_folder, "nowhere.json"));

        Assert.Equal(FileKind.Missing, FileKinds.Of(link));
        Assert.Equal(FileKind.SymbolicLink, FileKinds.OfLink(link));
    }

    [LinuxFact]
    public void ALinkToADevice_IsTheDeviceWhenFollowed()
    {
        var link = Path.Combine(_folder, "zero.gguf");
        File.CreateSymbolicLink(link, "/dev/zero");

        Assert.Equal(FileKind.CharacterDevice, FileKinds.Of(link));
        Assert.Equal(FileKind.SymbolicLink, FileKinds.OfLink(link));
    }

    [Fact]
    public void MissingPaths_AreMissingBothWays()
    {
        var file = Path.Combine(_folder, "f");
        File.WriteAllText(file, "x");

        Assert.Equal(FileKind.Missing, FileKinds.Of(Path.Combine(_folder, "none")));
        Assert.Equal(FileKind.Missing, FileKinds.OfLink(Path.Combine(_folder, "none")));
        Assert.Equal(FileKind.Missing, FileKinds.Of(Path.Combine(file, "below-a-file")));
        Assert.Equal(FileKind.Missing, FileKinds.OfLink(Path.Combine(file, "below-a-file")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a\0b")]
    public void AnEmptyPath_OrANul_IsRefusedBeforeTheKernelSeesIt(string path)
    {
        Assert.ThrowsAny<ArgumentException>(() => FileKinds.Of(path));
        Assert.ThrowsAny<ArgumentException>(() => FileKinds.OfLink(path));
    }
}
