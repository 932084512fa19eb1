using ModelScale.Profiles.Gguf;
using ModelScale.Tests.Shared;

namespace ModelScale.Profiles.Tests.Gguf;

public sealed class GgufSummaryTests
{
    [SharedModelsFact]
    public void Stories260K_IsASmallAllF32Llama()
    {
        var s = GgufSummary.From(GgufReader.Read(TestModels.Stories260K));

        Assert.Equal(TestModels.Stories260K, s.Path);
        Assert.Equal(1_185_376, s.FileSizeBytes);
        Assert.Equal(3u, s.Version);
        Assert.Equal("llama", s.Architecture);
        Assert.Equal(292_800, s.ParameterCount);
        Assert.Equal("292.8 K", s.Parameters);
        Assert.Equal([new GgufTypeShare(GgmlType.F32, 48, 292_800 * 4)], s.TensorTypes);
        Assert.Equal(GgmlType.F32, s.DominantType);
        Assert.Null(s.FileType);
        Assert.Equal((5, 64, 172), (s.BlockCount, s.EmbeddingLength, s.FeedForwardLength));
        Assert.Equal((8, 4, 8), (s.HeadCount, s.HeadCountKv, s.HeadDimension));
        Assert.Equal(512, s.VocabularySize);
        Assert.Equal(2048, s.ContextLength);
        Assert.Null(s.RopeFreqBase);
        Assert.False(s.HasChatTemplate);
        Assert.Equal((1, 48, 292_800L * 4), (s.SplitCount, s.TensorCount, s.TensorDataBytes));
        Assert.Null(s.LoadProblem);
    }

    [SharedModelsFact]
    public void TinyRandom_IsMostlyF16_AndDeclaresItsFileType()
    {
        var s = GgufSummary.From(GgufReader.Read(TestModels.TinyRandom));

        Assert.Equal("LLaMA v2", s.Name);
        Assert.Equal("F16", s.FileType);
        Assert.Equal(GgmlType.F16, s.DominantType);
        Assert.Equal([GgmlType.F16, GgmlType.F32], s.TensorTypes.Select(t => t.Type));
        Assert.Equal([9, 3], s.TensorTypes.Select(t => t.TensorCount));
        Assert.Equal(s.TensorDataBytes, s.TensorTypes.Sum(t => t.Bytes));
        Assert.Equal((1, 8, 32), (s.BlockCount, s.EmbeddingLength, s.FeedForwardLength));
        Assert.Equal((2, 2, 4), (s.HeadCount, s.HeadCountKv, s.HeadDimension));
        Assert.Equal(32_000, s.VocabularySize);
        Assert.Equal(4096, s.ContextLength);
        Assert.Equal(12, s.TensorCount);
    }

    [Fact]
    public void VocabOnly_HasNoTypes_AndSaysWhyItCannotRun()
    {
        var s = GgufSummary.From(GgufReader.Read(OwnModels.VocabOnly));

        Assert.Empty(s.TensorTypes);
        Assert.Null(s.DominantType);
        Assert.True(s.HasChatTemplate);
        Assert.Equal(OwnModels.TinyShape.VocabSize, s.VocabularySize);
        Assert.Contains("has no weights", s.LoadProblem);
    }

    [Fact]
    public void ASyntheticHeader_ReportsTheMixSortedByBytes_AndEveryShapeKey()
    {
        var writer = new GgufWriter()
            .Add("general.architecture", "llama")
            .Add("general.name", "Synthetic 8B")
            .Add("general.file_type", 15u)
            .Add("llama.block_count", 2u)
            .Add("llama.context_length", 131072u)
            .Add("llama.embedding_length", 512u)
            .Add("llama.feed_forward_length", 1536u)
            .Add("llama.attention.head_count", 8u)
            .Add("llama.attention.head_count_kv", 2u)
            .Add("llama.attention.key_length", 128u)
            .Add("llama.rope.freq_base", 500000f)
            .Add("llama.vocab_size", 1024u)
            .Add("tokenizer.chat_template", "{{ messages }}");
        writer.AddTensor("token_embd.weight", [512, 1024], GgmlType.Q6_K);
        for (var layer = 0; layer < 2; layer++)
        {
            writer.AddTensor($"blk.{layer}.attn_q.weight", [512, 512], GgmlType.Q4_K);
            writer.AddTensor($"blk.{layer}.ffn_up.weight", [512, 1536], GgmlType.Q4_K);
            writer.AddTensor($"blk.{layer}.attn_norm.weight", [512], GgmlType.F32);
        }

        var s = GgufSummary.From(GgufFixtures.Read(GgufFixtures.HeaderOnly(writer), "synthetic.gguf"));

        Assert.Equal("Q4_K_M", s.FileType);
        Assert.Equal(
            [
                new GgufTypeShare(GgmlType.Q4_K, 4, 2 * (512L * 512 + 512L * 1536) / 256 * 144),
                new GgufTypeShare(GgmlType.Q6_K, 1, 512L * 1024 / 256 * 210),
                new GgufTypeShare(GgmlType.F32, 2, 2 * 512 * 4),
            ],
            s.TensorTypes);
        Assert.Equal(GgmlType.Q4_K, s.DominantType);
        Assert.Equal(128, s.HeadDimension);
        Assert.Equal(500000d, s.RopeFreqBase);
        Assert.Equal(1024, s.VocabularySize);
        Assert.Equal(131072, s.ContextLength);
        Assert.True(s.HasChatTemplate);
        Assert.Equal(7, s.TensorCount);
        Assert.Equal(512L * 1024 + (2 * ((512L * 512) + (512L * 1536) + 512)), s.ParameterCount);
        Assert.Contains("holds only a header", s.LoadProblem);
    }

    [Theory]
    [InlineData(15, "Q4_K_M")]
    [InlineData(0, "F32")]
    [InlineData(32, "BF16")]
    [InlineData(38, "MXFP4_MOE")]
    [InlineData(1024 | 15, "Q4_K_M (guessed)")]
    [InlineData(4, "file type 4")]
    [InlineData(99, "file type 99")]
    public void FileTypes_HaveLlamaCppsNames(long fileType, string expected) =>
        Assert.Equal(expected, LlamaFileType.Name(fileType));
}
