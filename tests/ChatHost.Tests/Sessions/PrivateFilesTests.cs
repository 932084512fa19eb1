using System.Diagnostics;
using Microsoft.Data.Sqlite;
using ModelScale.ChatHost.Sessions;
using ModelScale.ChatHost.Sessions.Store;
using ModelScale.Profiles.Files;

namespace ModelScale.ChatHost.Tests.Sessions;

/// <summary>What people said is private: the database, its WAL and saves are 0600 in folders created 0700; /save replaces only a regular file.</summary>
/// <remarks>File modes and FIFOs are Unix matters; Windows keeps the ACLs of the user's profile.</remarks>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PrivateFilesTests : IDisposable
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateFolder = Private | UnixFileMode.UserExecute;
    private const UnixFileMode Shared = Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"modelscale-private-{Guid.NewGuid():N}");

    private static readonly Conversation Saved = new() { Turns = [new ConversationTurn { User = "my secret", Reference = "kept" }] };

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void SessionStore_CreatesItsFolder0700_AndTheDatabaseAndItsWalAndShm0600()
    {
        var data = Path.Combine(_folder, "data", "nested");
        using var store = new SessionStore(Path.Combine(data, SessionStore.FileName), TimeProvider.System);
        var id = store.Create("t", "stories", null, new SamplingSettings().ToStored()).Id;
        store.AddMessage(id, "user", "my secret");

        Assert.Equal(PrivateFolder, File.GetUnixFileMode(data));
        Assert.Equal(PrivateFolder, File.GetUnixFileMode(Path.GetDirectoryName(data)!));
        foreach (var file in new[] { store.Path, store.Path + "-wal", store.Path + "-shm" })
        {
            Assert.True(File.Exists(file), $"{file} exists while the store is open");
            Assert.Equal(Private, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public void SessionStore_NarrowsADatabaseAnOlderBuildLeftReadableByOthers()
    {
        var path = Path.Combine(_folder, SessionStore.FileName);
        using (new SessionStore(path, TimeProvider.System))
        {
        }

        SqliteConnection.ClearAllPools();
        File.SetUnixFileMode(path, Shared);

        using var store = new SessionStore(path, TimeProvider.System);
        Assert.Equal(Private, File.GetUnixFileMode(path));
    }

    [Fact]
    public void SessionStore_WhenTheDataFolderIsAFile_IsOneSentence()
    {
        Directory.CreateDirectory(_folder);
        var file = Path.Combine(_folder, "not-a-folder");
        File.WriteAllText(file, "x");

        var ex = Assert.Throws<SessionStoreException>(() => new SessionStore(Path.Combine(file, SessionStore.FileName), TimeProvider.System));

        Assert.Contains("it is a file, not a folder", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SessionStore_OnACorruptDatabase_IsOneSentence()
    {
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, SessionStore.FileName);
        File.WriteAllBytes(path, [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 37))]);

        var ex = Assert.Throws<SessionStoreException>(() => new SessionStore(path, TimeProvider.System));

        Assert.Contains("is not a session database this build can open", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Save_CreatesTheFile0600_AndOverwritingKeepsIt0600_AndNarrowsA0644One()
    {
        var path = Path.Combine(_folder, "new-folder", "chat.json");

        ConversationFile.Save(Saved, path);
        Assert.Equal(Private, File.GetUnixFileMode(path));
        Assert.Equal(PrivateFolder, File.GetUnixFileMode(Path.GetDirectoryName(path)!));

        ConversationFile.Save(Saved, path);
        Assert.Equal(Private, File.GetUnixFileMode(path));

        File.SetUnixFileMode(path, Shared);
        ConversationFile.Save(Saved, path);
        Assert.Equal(Private, File.GetUnixFileMode(path));
        Assert.Equal("my secret", ConversationFile.Load(path).Turns[0].User);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void Save_OverASymbolicLink_IsRefused_AndTheLinkAndItsTargetStay()
    {
        Directory.CreateDirectory(_folder);
        var target = Path.Combine(_folder, "target.txt");
        File.WriteAllText(target, "untouched");
        var link = Path.Combine(_folder, "link.json");
        File.CreateSymbolicLink(link, target);

        var ex = Assert.Throws<ConversationException>(() => ConversationFile.Save(Saved, link));

        Assert.Contains("symbolic link", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Equal("untouched", File.ReadAllText(target));
    }

    [Fact]
    public async Task Save_OverAFifo_IsRefusedAtOnce_AndTheFifoStays()
    {
        Directory.CreateDirectory(_folder);
        var fifo = Path.Combine(_folder, "pipe.json");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var ex = Assert.Throws<ConversationException>(() => ConversationFile.Save(Saved, fifo));

        Assert.Contains("FIFO, device or socket", ex.Message, StringComparison.Ordinal);
        Assert.Equal(FileKind.Fifo, FileKinds.OfLink(fifo));
    }

    [Theory]
    [InlineData("/dev/null")]
    [InlineData("/tmp")]
    public void Save_OverADeviceOrAFolder_IsRefused(string path)
    {
        var ex = Assert.Throws<ConversationException>(() => ConversationFile.Save(Saved, path));

        Assert.Contains("not a regular file", ex.Message, StringComparison.Ordinal);
        Assert.Equal(path == "/tmp" ? FileKind.Directory : FileKind.CharacterDevice, FileKinds.OfLink(path));
    }

    [Fact]
    public void FileKinds_TellsAbsentAndRegularFiles()
    {
        Directory.CreateDirectory(_folder);
        var file = Path.Combine(_folder, "f");
        File.WriteAllText(file, "x");

        Assert.Equal(FileKind.Regular, FileKinds.OfLink(file));
        Assert.Equal(FileKind.Missing, FileKinds.OfLink(Path.Combine(_folder, "none")));
        Assert.Equal(FileKind.Missing, FileKinds.OfLink(Path.Combine(file, "below-a-file")));
    }
}
