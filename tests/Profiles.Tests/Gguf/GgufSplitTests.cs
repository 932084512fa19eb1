using ModelScale.Profiles.Gguf;

namespace ModelScale.Profiles.Tests.Gguf;

public sealed class GgufSplitTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("modelscale-split-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Part(int number, int count = 3) => Path.Combine(_directory, $"model-{number:D5}-of-{count:D5}.gguf");

    private void WriteParts(int count = 3, int skip = 0)
    {
        for (var i = 0; i < count; i++)
        {
            var writer = new GgufWriter()
                .Add("split.no", new GgufValue(GgufValueType.UInt16, (ushort)i))
                .Add("split.count", new GgufValue(GgufValueType.UInt16, (ushort)count))
                .Add("split.tensors.count", count * 2);
            if (i == 0)
            {
                writer.Add("general.architecture", "llama").Add("llama.block_count", (uint)count)
                    .Add("tokenizer.ggml.model", "gpt2").Add("tokenizer.ggml.merges", GgufArray.Of("< s")).Add("tokenizer.ggml.tokens", GgufArray.Of("<unk>", "<s>", "</s>"));
            }

            writer.AddTensor($"blk.{i}.attn_q.weight", [64, 64], GgmlType.Q4_0);
            writer.AddTensor($"blk.{i}.attn_norm.weight", [64], GgmlType.F32);
            if (i + 1 != skip)
            {
                writer.Write(Part(i + 1, count));
            }
        }
    }

    [Fact]
    public void Read_WhenModelIsSplit_MergesEveryPartsTensorTable()
    {
        WriteParts();

        var file = GgufReader.Read(Part(1));

        Assert.Equal(3, file.SplitCount);
        Assert.Equal(6, file.Tensors.Count);
        Assert.Equal("llama", file.Architecture);
        Assert.Equal(Enumerable.Range(1, 3).Sum(i => new FileInfo(Part(i)).Length), file.FileSize);
        Assert.Equal([0, 0, 1, 1, 2, 2], file.Tensors.Select(t => t.SplitIndex));
        Assert.Equal(3 * ((64 * 64) + 64), file.ParameterCount);
        GgufInferenceCheck.EnsureRunnable(file);
    }

    [Fact]
    public void Read_WhenGivenALaterPart_StillReadsTheWholeModel()
    {
        WriteParts();

        var file = GgufReader.Read(Part(2));

        Assert.Equal(Part(1), file.Path);
        Assert.Equal(6, file.Tensors.Count);
    }

    [Fact]
    public void Read_WhenAPartIsMissing_ThrowsSentenceNamingIt()
    {
        WriteParts(skip: 2);

        var error = Assert.Throws<GgufFormatException>(() => GgufReader.Read(Part(1)));

        Assert.Equal(
            "'model-00001-of-00003.gguf' is part of a model split into 3 files, but part 2 ('model-00002-of-00003.gguf') is missing; put every part in the same folder.",
            error.Message);
    }

    [Fact]
    public void EnsureRunnable_WhenALaterPartIsTruncated_NamesThatPart()
    {
        WriteParts();
        var bytes = File.ReadAllBytes(Part(3));
        File.WriteAllBytes(Part(3), bytes[..^64]);

        var file = GgufReader.Read(Part(1));
        var error = Assert.Throws<GgufFormatException>(() => GgufInferenceCheck.EnsureRunnable(file));

        Assert.StartsWith("'model-00003-of-00003.gguf' is truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenSplitMetadataHasNoMatchingName_ThrowsSentence()
    {
        var path = Path.Combine(_directory, "renamed.gguf");
        new GgufWriter().Add("split.count", new GgufValue(GgufValueType.UInt16, (ushort)2)).WriteHeaderOnly(path);

        var error = Assert.Throws<GgufFormatException>(() => GgufReader.Read(path));

        Assert.StartsWith("'renamed.gguf' is part 1 of a model split into 2 files", error.Message, StringComparison.Ordinal);
    }
}
