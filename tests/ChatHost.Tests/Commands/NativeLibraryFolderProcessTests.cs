using ModelScale.ChatHost.Engine;
using ModelScale.Tests.Shared;

namespace ModelScale.ChatHost.Tests.Commands;

/// <summary>MODELSCALE_NATIVE_DIR: llama.cpp from a folder of one's own, checked before native code sees it.</summary>
public sealed class NativeLibraryFolderProcessTests : IDisposable
{
    private readonly ModelScaleProcess _process = new();

    public void Dispose() => _process.Dispose();

    [Fact]
    public async Task AFolderThatDoesNotExist_IsOneSentence_WithExitCode1()
    {
        var missing = Path.Combine(_process.Home, "no-such-folder");
        _process.Environment[NativeLibraryFolder.Variable] = missing;

        var (exit, _, stderr) = await _process.RunAsync("", "chat", "--model", OwnModels.Tiny);

        Assert.Equal(1, exit);
        Assert.Equal($"error: {NativeLibraryFolder.Variable} names '{missing}', which is not a folder.", stderr.Trim());
    }

    [Fact]
    public async Task AFolderWithoutTheLibraries_NamesWhatIsMissing()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_process.Home, "half")).FullName;
        File.WriteAllBytes(Path.Combine(folder, NativeLibraryFolder.RequiredFiles[0]), []);
        _process.Environment[NativeLibraryFolder.Variable] = folder;

        var (exit, _, stderr) = await _process.RunAsync("", "plan", "--model", OwnModels.Tiny);

        Assert.Equal(1, exit);
        Assert.StartsWith($"error: {NativeLibraryFolder.Variable} names '{folder}', which lacks {string.Join(", ", NativeLibraryFolder.RequiredFiles.Skip(1))};", stderr.Trim());
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public async Task AFolderWhoseFilesAreNotLibraries_IsOneSentence_NotANativeFailure()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_process.Home, "broken")).FullName;
        foreach (var file in NativeLibraryFolder.RequiredFiles)
        {
            File.WriteAllBytes(Path.Combine(folder, file), []);
        }

        _process.Environment[NativeLibraryFolder.Variable] = folder;

        var (exit, _, stderr) = await _process.RunAsync("", "chat", "--model", OwnModels.Tiny);

        Assert.Equal(1, exit);
        Assert.StartsWith($"error: {NativeLibraryFolder.Variable} names '{folder}', whose {NativeLibraryFolder.RequiredFiles[0]} cannot be loaded on this machine (", stderr.Trim());
        Assert.DoesNotContain("   at ", stderr);
    }

    [MachineFact(MachineNeed.LinuxWithAvx2)]
    public async Task AComplete_Folder_IsWhereLlamaCppIsLoadedFrom()
    {
        var packaged = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "avx2");
        var folder = Directory.CreateDirectory(Path.Combine(_process.Home, "own-build")).FullName;
        foreach (var file in Directory.GetFiles(packaged))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        _process.Environment[NativeLibraryFolder.Variable] = folder;

        var (exit, stdout, stderr) = await _process.RunAsync("Hello\n", "chat", "--model", OwnModels.Tiny, "--max-tokens", "8", "--verbose");

        Assert.Equal(0, exit);
        Assert.NotEmpty(stdout.Trim());
        Assert.Contains($"llama.cpp loaded from {folder}: CPU : ", stderr);
        Assert.Contains("AVX2 = 1", stderr);
        Assert.DoesNotContain("AVX512 = 1", stderr);
    }
}
