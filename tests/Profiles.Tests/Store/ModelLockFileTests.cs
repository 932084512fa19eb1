using ModelScale.Profiles.Store;
using ModelScale.Profiles.Tests.Catalog;

namespace ModelScale.Profiles.Tests.Store;

public sealed class ModelLockFileTests : IDisposable
{
    private static readonly DateTimeOffset When = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static ModelLockEntry Entry(string sha256) => new(new Uri("https://example.org/m.gguf"), 42, sha256, When);

    [Fact]
    public async Task Record_ThenFind_RoundTrips_WithFileNamesSortedAndSlashesForward()
    {
        var lockFile = new ModelLockFile(_dir.Path);

        await lockFile.RecordAsync("b.gguf", Entry(new string('B', 64)));
        await lockFile.RecordAsync("sub\\a.gguf", Entry(new string('a', 64)));

        Assert.Equal(new string('b', 64), lockFile.Find("b.gguf")?.Sha256);
        Assert.Equal(When, lockFile.Find("sub/a.gguf")?.DownloadedAt);
        Assert.Null(lockFile.Find("c.gguf"));
        var text = await File.ReadAllTextAsync(lockFile.Path);
        Assert.True(text.IndexOf("\"b.gguf\"", StringComparison.Ordinal) < text.IndexOf("\"sub/a.gguf\"", StringComparison.Ordinal), text);
        Assert.False(File.Exists(lockFile.Path + ".lock"));
    }

    [Fact]
    public void Find_InAMalformedLockFile_NamesTheFileAndLine()
    {
        var path = _dir.Write(ModelLockFile.FileName, "{\n  \"version\": 1,\n  \"files\": { oops }\n}\n");

        var error = Assert.Throws<PullException>(() => new ModelLockFile(_dir.Path).Find("m.gguf"));

        Assert.Equal($"The lock file {path} is not valid JSON at line 3; fix it or delete it (later pulls then record the files again).", error.Message);
    }

    [Fact]
    public void Find_WithAnEntryMissingItsHash_IsAClearError()
    {
        _dir.Write(ModelLockFile.FileName, """{ "version": 1, "files": { "m.gguf": { "url": "https://example.org/m.gguf", "sizeBytes": 3 } } }""");

        var error = Assert.Throws<PullException>(() => new ModelLockFile(_dir.Path).Find("m.gguf"));

        Assert.Contains("'m.gguf'", error.Message, StringComparison.Ordinal);
        Assert.Contains("64-digit hex sha256", error.Message, StringComparison.Ordinal);
    }
}
