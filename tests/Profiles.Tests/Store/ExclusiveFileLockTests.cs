using ModelScale.Profiles.Store;
using ModelScale.Profiles.Tests.Catalog;

namespace ModelScale.Profiles.Tests.Store;

public sealed class ExclusiveFileLockTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void TryAcquire_WhileHeld_ReturnsNull_AndTheFailedTryLeavesTheHoldersFileAlone()
    {
        var path = Path.Combine(_dir.Path, "m.gguf.partial.lock");
        using var held = ExclusiveFileLock.TryAcquire(path);
        Assert.NotNull(held);

        Assert.Null(ExclusiveFileLock.TryAcquire(path));
        Assert.True(File.Exists(path));
        Assert.Null(ExclusiveFileLock.TryAcquire(path));
    }

    [Fact]
    public void Dispose_ReleasesTheLock_AndDeletesTheFile()
    {
        var path = Path.Combine(_dir.Path, "m.gguf.partial.lock");
        ExclusiveFileLock.TryAcquire(path)!.Dispose();

        Assert.False(File.Exists(path));
        using var again = ExclusiveFileLock.TryAcquire(path);
        Assert.NotNull(again);
    }
}
