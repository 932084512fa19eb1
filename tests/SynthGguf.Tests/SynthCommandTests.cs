using System.CommandLine;
using ModelScale.Profiles.Gguf;
using ModelScale.Tests.Shared;

namespace ModelScale.Tools.SynthGguf.Tests;

public sealed class SynthCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"synth-gguf-tests-{Guid.NewGuid():N}");

    public SynthCommandTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = SynthCommand.Create().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public void HeaderOnly_70b_WritesThePlanningFileAndDescribesIt()
    {
        var path = Path.Combine(_folder, "tier-70b-q4_k_m.gguf");

        var (exitCode, output, error) = Run("--shape", "70b", "--header-only", "--out", path);

        Assert.Equal(0, exitCode);
        Assert.Equal("", error);
        Assert.Contains("Llama-3.3-70B, q4_k_m, header only", output);
        Assert.Contains("724 tensors, 70,553,706,560 parameters", output);
        Assert.Contains("Q5_K 40", output);
        var file = GgufReader.Read(path);
        Assert.Equal(80, file.BlockCount);
        Assert.Equal(15, file.GetInt64("general.file_type"));
    }

    [SharedModelsFact]
    public void HeaderOnly_Q4_0WithDonor_CopiesTheLlama2Tokenizer()
    {
        var path = Path.Combine(_folder, "synthetic-1b.gguf");

        var (exitCode, output, _) = Run("--shape", "synthetic-1b", "--header-only", "--scheme", "Q4_0", "--tokenizer-from", TestModels.TinyRandom, "-o", path);

        Assert.Equal(0, exitCode);
        Assert.Contains("Synthetic-1B, q4_0, header only", output);
        var file = GgufReader.Read(path);
        Assert.Equal(32000, file.GetArray("tokenizer.ggml.tokens")!.Count);
        Assert.Equal(2, file.GetInt64("general.file_type"));
    }

    [Fact]
    public void TestTiny_WritesASmallModelWithItsOwnVocabularyAndA4KContext()
    {
        var path = Path.Combine(_folder, "test-tiny.gguf");

        var (exitCode, output, error) = Run("--shape", "test-tiny", "--seed", "7", "--out", path);

        Assert.Equal(0, exitCode);
        Assert.Equal("", error);
        Assert.Contains("ModelScale-Test-Tiny-4K, q4_0, random weights, seed 7", output);
        var file = GgufReader.Read(path);
        Assert.Equal(5, file.BlockCount);
        Assert.Equal(4096, file.GetInt64("llama.context_length"));
        Assert.Equal(512, file.GetArray("tokenizer.ggml.tokens")!.Count);
        Assert.True(new FileInfo(path).Length < 1_000_000);
    }

    [Fact]
    public void UnknownShape_ListsTheValidOnes()
    {
        var (exitCode, _, error) = Run("--shape", "3b", "--out", Path.Combine(_folder, "x.gguf"));

        Assert.Equal(1, exitCode);
        Assert.Contains("Unknown shape '3b'; use one of: 1b, 7b, 13b, 70b, synthetic-1b, synthetic-8b, test-tiny.", error);
    }

    [Fact]
    public void UnknownScheme_ListsTheValidOnes()
    {
        var (exitCode, _, error) = Run("--shape", "1b", "--scheme", "q5_k_m", "--out", Path.Combine(_folder, "x.gguf"));

        Assert.Equal(1, exitCode);
        Assert.Contains("Unknown scheme 'q5_k_m'; use one of: q4_k_m, q4_0.", error);
    }

    [Fact]
    public void DonorVocabularyOfAnotherSize_IsRefused()
    {
        var (exitCode, _, error) = Run("--shape", "7b", "--header-only", "--tokenizer-from", OwnModels.Tiny, "--out", Path.Combine(_folder, "x.gguf"));

        Assert.Equal(1, exitCode);
        Assert.Contains("has 512 tokens, but Qwen2.5-7B has a vocabulary of 152,064", error);
    }

    [Fact]
    public void MissingDonorOrFolder_IsOneSentence()
    {
        var missingDonor = Run("--shape", "1b", "--header-only", "--tokenizer-from", Path.Combine(_folder, "none.gguf"), "--out", Path.Combine(_folder, "x.gguf"));
        var missingFolder = Run("--shape", "1b", "--header-only", "--out", Path.Combine(_folder, "no", "x.gguf"));

        Assert.Equal(1, missingDonor.ExitCode);
        Assert.StartsWith("error: The tokenizer donor '", missingDonor.Error);
        Assert.Equal(1, missingFolder.ExitCode);
        Assert.StartsWith("error: the folder '", missingFolder.Error);
    }

    [Fact]
    public void InvalidDonor_GetsTheReadersSentence()
    {
        var donor = Path.Combine(_folder, "v1.gguf");
        new GgufWriter { Version = 1 }.Add("general.architecture", "llama").WriteHeaderOnly(donor);

        var (exitCode, _, error) = Run("--shape", "1b", "--header-only", "--tokenizer-from", donor, "--out", Path.Combine(_folder, "x.gguf"));

        Assert.Equal(1, exitCode);
        Assert.Contains("is GGUF version 1", error);
    }
}
