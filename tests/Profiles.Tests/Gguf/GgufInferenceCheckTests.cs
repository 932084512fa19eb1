using ModelScale.Profiles.Gguf;

namespace ModelScale.Profiles.Tests.Gguf;

public class GgufInferenceCheckTests
{
    [Fact]
    public void EnsureRunnable_WhenArchitectureIsMissing_ThrowsNoArchitectureSentence()
    {
        var writer = new GgufWriter();
        writer.AddTensor("a", [32], GgmlType.F32);
        var file = GgufFixtures.Read(GgufFixtures.WithData(writer), "noarch.gguf");

        var error = Assert.Throws<GgufFormatException>(() => GgufInferenceCheck.EnsureRunnable(file));

        Assert.Equal(
            "'noarch.gguf' has no general.architecture, so llama.cpp cannot tell which model it holds.", error.Message);
    }

    [Fact]
    public void EnsureRunnable_WhenHeaderOnly_SaysItIsAPlanningFile()
    {
        var writer = GgufFixtures.TinyLlama();
        var file = GgufFixtures.Read(GgufFixtures.HeaderOnly(writer), "plan.gguf");

        var error = Assert.Throws<GgufFormatException>(() => GgufInferenceCheck.EnsureRunnable(file));

        Assert.Equal("'plan.gguf' holds only a header (metadata and tensor table, no weights): a planning file, or a download cut short; it can be planned and inspected, not loaded.", error.Message);
    }

    [Fact]
    public void EnsureRunnable_WhenSomeDataIsThere_ThrowsTruncatedWithMissingByteCount()
    {
        var writer = GgufFixtures.TinyLlama();
        var header = GgufFixtures.HeaderOnly(writer);
        var file = GgufFixtures.Read([.. header, .. new byte[64]], "plan.gguf");
        var last = file.Tensors[^1];
        var missing = last.Offset + last.ByteSize - 64;

        var error = Assert.Throws<GgufFormatException>(() => GgufInferenceCheck.EnsureRunnable(file));

        Assert.StartsWith("'plan.gguf' is truncated", error.Message, StringComparison.Ordinal);
        Assert.Contains($"so {missing:N0} bytes are missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureRunnable_WhenLastBytesAreCut_ReportsExactlyThoseMissing()
    {
        var bytes = GgufFixtures.WithData(GgufFixtures.TinyLlama());
        var file = GgufFixtures.Read(bytes[..^100], "cut.gguf");

        var error = Assert.Throws<GgufFormatException>(() => GgufInferenceCheck.EnsureRunnable(file));

        Assert.Contains($"so {100:N0} bytes are missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureRunnable_WhenOffsetIsNotAligned_ThrowsAlignmentSentence()
    {
        var writer = new GgufWriter().Add("general.architecture", "llama");
        writer.AddTensor("a", [32], GgmlType.F32, offset: 17);
        var file = GgufFixtures.Read(GgufFixtures.HeaderOnly(writer), "odd.gguf");

        var error = Assert.Throws<GgufFormatException>(() => GgufInferenceCheck.EnsureRunnable(file));

        Assert.Equal(
            "'odd.gguf' is corrupt: tensor 'a' starts at data offset 17, which is not a multiple of the file's alignment of 32.",
            error.Message);
    }
}
