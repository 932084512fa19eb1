using System.Diagnostics;
using ModelScale.Profiles.Gguf;
using ModelScale.Tests.Shared;

namespace ModelScale.Profiles.Tests.Gguf;

public class GgufReaderRealFileTests
{
    [SharedModelsFact]
    public void Read_Stories260K_ReportsLlamaShapeFromHeader()
    {
        var file = GgufReader.Read(TestModels.Stories260K);

        Assert.Equal(3u, file.Version);
        Assert.Equal("llama", file.Architecture);
        Assert.Equal(5, file.BlockCount);
        Assert.Equal(64, file.EmbeddingLength);
        Assert.Equal(8, file.HeadCount);
        Assert.Equal(4, file.HeadCountKv);
        Assert.Equal(2048, file.ContextLength);
        Assert.False(file.HasChatTemplate);
        Assert.Null(file.ChatTemplate);
        Assert.Equal(1, file.SplitCount);
        Assert.Equal(32, file.Alignment);
        Assert.Equal(1_185_376, file.FileSize);
    }

    [SharedModelsFact]
    public void Read_Stories260K_CountsTheDocumented292800Parameters()
    {
        var file = GgufReader.Read(TestModels.Stories260K);

        Assert.Equal(292_800, file.ParameterCount);
        Assert.Equal(48, file.Tensors.Count);
        var embeddings = Assert.Single(file.Tensors, t => t.Name == "token_embd.weight");
        Assert.Equal([64L, 512L], embeddings.Dimensions);
        Assert.Equal(GgmlType.F32, embeddings.Type);
        Assert.Equal(64 * 512 * 4, embeddings.ByteSize);
    }

    [SharedModelsTheory]
    [InlineData("stories260K.gguf")]
    [InlineData("llama-2-tiny-random.gguf")]
    public void Read_RealModel_DataOffsetPlusTensorBytesEqualsFileSize(string name)
    {
        var file = GgufReader.Read(Path.Combine(TestModels.Directory, name));

        Assert.Equal(new FileInfo(file.Path).Length, file.FileSize);
        Assert.Equal(file.FileSize, file.DataOffset + file.TensorDataBytes);
        var last = file.Tensors.MaxBy(t => t.Offset)!;
        Assert.Equal(file.FileSize, file.DataOffset + last.Offset + last.ByteSize);
        GgufInferenceCheck.EnsureRunnable(file);
    }

    [SharedModelsFact]
    public void Read_TinyRandom_ReadsTheFull32000TokenVocabulary()
    {
        var file = GgufReader.Read(TestModels.TinyRandom);

        var tokens = file.GetArray("tokenizer.ggml.tokens")!;
        Assert.Equal(GgufValueType.String, tokens.ElementType);
        Assert.Equal(32_000, tokens.Count);
        Assert.Equal("<s>", tokens.Get<string>()[1]);
        Assert.Equal(32_000, file.GetArray("tokenizer.ggml.scores")!.Get<float>().Count);
        Assert.Equal(1, file.BlockCount);
        Assert.Equal(8, file.EmbeddingLength);
        Assert.All(file.Tensors, t => Assert.Equal(0, t.Offset % file.Alignment));
    }

    [SharedModelsFact]
    public void Read_TinyRandomHeaderWithLargeVocab_TakesMilliseconds()
    {
        GgufReader.Read(TestModels.TinyRandom); // warm up the JIT

        var stopwatch = Stopwatch.StartNew();
        GgufReader.Read(TestModels.TinyRandom);
        GgufReader.Read(TestModels.Stories260K);
        stopwatch.Stop();

        // Generous bound for a shared, busy CI machine; locally this is a few milliseconds.
        Assert.True(stopwatch.ElapsedMilliseconds < 1000, $"Reading two headers took {stopwatch.ElapsedMilliseconds} ms.");
    }

    [SharedModelsFact]
    public void Read_VocabOnlyPhi3_HasChatTemplateAndNoTensors()
    {
        var file = GgufReader.Read(TestModels.VocabPhi3);

        Assert.Equal("phi3", file.Architecture);
        Assert.Empty(file.Tensors);
        Assert.Equal(0, file.ParameterCount);
        Assert.True(file.HasChatTemplate);
        Assert.Contains("<|assistant|>", file.ChatTemplate, StringComparison.Ordinal);
        Assert.Equal(32_064, file.GetArray("tokenizer.ggml.tokens")!.Count);
    }

    [Fact]
    public void EnsureRunnable_WhenVocabOnly_ThrowsVocabOnlySentence()
    {
        var file = GgufReader.Read(OwnModels.VocabOnly);

        var error = Assert.Throws<GgufFormatException>(() => GgufInferenceCheck.EnsureRunnable(file));

        Assert.Equal(
            "'vocab-only.gguf' has no weights (a vocab-only file); it can be used for its tokenizer, not for chat.",
            error.Message);
    }

    [Fact]
    public void Read_WhenFileIsGgufV1_ThrowsClearUnsupportedVersionError()
    {
        var error = Assert.Throws<GgufFormatException>(() => GgufReader.Read(OwnModels.GgufV1));

        Assert.Equal(
            "'gguf-v1.gguf' is GGUF version 1, which is no longer supported; convert it with a current llama.cpp (versions 2 and 3 are supported).",
            error.Message);
    }

    [Fact]
    public void GetInt64_WhenKeyIsAbsent_ReturnsNull()
    {
        var file = GgufReader.Read(OwnModels.Tiny);

        Assert.Null(file.GetInt64("llama.no_such_key"));
        Assert.Null(file.GetString("general.no_such_key"));
        Assert.Equal(OwnModels.TinyShape.FeedForwardLength, file.GetInt64("llama.feed_forward_length"));
    }

    [Fact]
    public void GetString_WhenValueIsAnInteger_ThrowsSentenceNamingKeyAndFile()
    {
        var file = GgufReader.Read(OwnModels.Tiny);

        var error = Assert.Throws<GgufFormatException>(() => file.GetString("llama.block_count"));

        Assert.Equal("Metadata key 'llama.block_count' in 'tiny.gguf' is a UInt32, not a string.", error.Message);
    }

    [SharedModelsTheory]
    [InlineData("stories260K.gguf")]
    [InlineData("llama-2-tiny-random.gguf")]
    public void Read_WhenRealFileIsCutAtAnyPoint_ThrowsOnlyGgufFormatException(string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(TestModels.Directory, name));
        var dataOffset = GgufReader.Read(Path.Combine(TestModels.Directory, name)).DataOffset;

        // 150 cuts spread over the header (where parsing happens) and 50 over the weights.
        var cuts = Enumerable.Range(0, 150).Select(i => (int)(dataOffset * i / 150))
            .Concat(Enumerable.Range(0, 50).Select(i => (int)(dataOffset + ((bytes.Length - dataOffset) * i / 50))))
            .Concat([1, 3, 4, 7, 8, 15, 16, 23, 24, bytes.Length - 1])
            .Distinct();

        foreach (var cut in cuts)
        {
            using var stream = new MemoryStream(bytes, 0, cut, writable: false);
            GgufFormatException error;
            try
            {
                var file = GgufReader.Read(stream, name);
                error = Assert.Throws<GgufFormatException>(() => GgufInferenceCheck.EnsureRunnable(file));
                Assert.Contains(cut == dataOffset ? "holds only a header" : "bytes are missing", error.Message, StringComparison.Ordinal);
            }
            catch (GgufFormatException ex)
            {
                error = ex;
            }

            Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', error.Message);
            Assert.EndsWith(".", error.Message, StringComparison.Ordinal);
        }
    }
}
