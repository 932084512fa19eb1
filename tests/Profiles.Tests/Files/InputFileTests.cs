using System.Diagnostics;
using ModelScale.Profiles.Files;
using ModelScale.Tests.Shared;

namespace ModelScale.Profiles.Tests.Files;

public sealed class InputFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modelscale-input-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void ARegularFile_AndAMissingOne_HaveNoProblem()
    {
        var file = Path.Combine(_folder, "model.gguf");
        File.WriteAllBytes(file, [1]);

        Assert.Null(InputFile.Problem(file, "GGUF model"));
        Assert.Null(InputFile.Problem(Path.Combine(_folder, "missing.gguf"), "GGUF model"));
    }

    [Fact]
    public void AFolder_IsNotAFile() =>
        Assert.Equal($"'{_folder}' is a folder, not a GGUF model.", InputFile.Problem(_folder, "GGUF model"));

    [Fact]
    public void ANul_IsRefusedBeforeAnythingLooksAtThePath() =>
        Assert.Equal("The catalog file path 'a\\x00b.json' contains a NUL character, which no file name can hold.", InputFile.Problem("a\0b.json", "catalog file"));

    [Fact]
    public void Ensure_ThrowsWhatTheCallerMakesOfTheSentence()
    {
        var error = Assert.Throws<InvalidDataException>(() => InputFile.Ensure(_folder, "conversation file", s => new InvalidDataException(s)));

        Assert.EndsWith("is a folder, not a conversation file.", error.Message, StringComparison.Ordinal);
    }

    [LinuxFact]
    public void AFifo_IsRefused_WithoutOpeningIt()
    {
        var fifo = Path.Combine(_folder, "pipe.gguf");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
        }

        Assert.Equal($"'{fifo}' is a named pipe (FIFO), not a GGUF model; reading it would wait for a writer forever.", InputFile.Problem(fifo, "GGUF model"));
        Assert.Equal(FileKind.Fifo, FileKinds.Of(fifo));
    }

    [LinuxFact]
    public void Devices_AreNotFiles()
    {
        Assert.Equal("'/dev/zero' is a device, not a catalog file.", InputFile.Problem("/dev/zero", "catalog file"));
        Assert.Equal(FileKind.CharacterDevice, FileKinds.Of("/dev/null"));
    }

    [LinuxFact]
    public void ProcEntries_AreRefused_AlsoThroughALink()
    {
        var link = Path.Combine(_folder, "status.json");
        File.CreateSymbolicLink(link, "/proc/self/status");

        Assert.Contains("under /proc or /sys", InputFile.Problem("/proc/self/status", "conversation file"), StringComparison.Ordinal);
        Assert.Contains("under /proc or /sys", InputFile.Problem(link, "conversation file"), StringComparison.Ordinal);
        Assert.Equal(FileKind.Regular, FileKinds.Of(link));
    }
}
