using ModelScale.ChatHost.Terminal;

namespace ModelScale.ChatHost.Tests.Terminal;

/// <summary>The input history holds what was typed: 0600 in a folder created 0700.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LineHistoryFileTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"modelscale-history-{Guid.NewGuid():N}");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void TheHistoryFile_Is0600_InAFolderCreated0700()
    {
        var folder = Path.Combine(_root, "data", "modelscale");
        var path = Path.Combine(folder, LineHistory.FileName);
        var history = new LineHistory(path, _ => { });

        history.Add("my secret question");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(folder)!));
    }
}
