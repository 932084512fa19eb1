using ModelScale.Profiles.Gguf;
using ModelScale.Profiles.Synthetic;

namespace ModelScale.Profiles.Tests.Synthetic;

/// <summary>
/// The real tiers, planned without their weights: header-only Q4_K_M files of each shape, read back with our own reader.
/// Data bytes measured: 1b 799,862,912 (real file 0.81 GB), 7b 4,677,120,000 (4.68 GB), 13b 7,865,210,880 (7.87 GB),
/// 70b 42,512,531,712 (42.52 GB). The real files are a little larger because their headers hold the tokenizer.
/// </summary>
public class TierHeaderTests
{
    private static GgufFile WriteAndRead(RealTier tier, QuantizationScheme scheme)
    {
        using var stream = new MemoryStream();
        new SyntheticGgufWriter(tier.Shape, scheme).WriteHeaderOnly(stream);
        return GgufReader.Read(stream, $"tier-{tier.Id}.gguf");
    }

    [Theory]
    [MemberData(nameof(RealTier.Ids), MemberType = typeof(RealTier))]
    public void HeaderOnly_ReadsBackWithTheTiersShape(string id)
    {
        var tier = RealTier.Get(id);
        var shape = tier.Shape;

        var file = WriteAndRead(tier, QuantizationScheme.Q4_K_M);

        Assert.Equal(shape.Architecture, file.Architecture);
        Assert.Equal(shape.BlockCount, file.BlockCount);
        Assert.Equal(shape.EmbeddingLength, file.EmbeddingLength);
        Assert.Equal(shape.HeadCount, file.HeadCount);
        Assert.Equal(shape.HeadCountKv, file.HeadCountKv);
        Assert.Equal(shape.ContextLength, file.ContextLength);
        Assert.Equal(shape.FeedForwardLength, file.GetInt64($"{shape.Architecture}.feed_forward_length"));
        Assert.Equal(shape.VocabSize, file.GetInt64($"{shape.Architecture}.vocab_size"));
        Assert.Equal(shape.HeadDim, file.GetInt64($"{shape.Architecture}.rope.dimension_count"));
        Assert.Equal(shape.RopeFreqBase, file.GetDouble($"{shape.Architecture}.rope.freq_base"));
        Assert.Equal(shape.RmsNormEps, (float)file.GetDouble($"{shape.Architecture}.attention.layer_norm_rms_epsilon")!.Value);
        Assert.Equal(15, file.GetInt64("general.file_type"));
        Assert.Equal(tier.TensorCount, file.Tensors.Count);
        Assert.Equal(file.DataOffset, file.FileSize);
    }

    [Theory]
    [MemberData(nameof(RealTier.Ids), MemberType = typeof(RealTier))]
    public void HeaderOnly_ParameterCount_IsWithinOnePercentOfTheModelCard(string id)
    {
        var tier = RealTier.Get(id);

        var file = WriteAndRead(tier, QuantizationScheme.Q4_K_M);

        Assert.InRange(file.ParameterCount / 1e9, tier.BillionParameters * 0.99, tier.BillionParameters * 1.01);
    }

    [Theory]
    [MemberData(nameof(RealTier.Ids), MemberType = typeof(RealTier))]
    public void HeaderOnly_Q4KMTensorBytes_AreWithinThreePercentOfTheRealFile(string id)
    {
        var tier = RealTier.Get(id);

        var file = WriteAndRead(tier, QuantizationScheme.Q4_K_M);

        var realBytes = tier.Q4KMGigabytes * 1e9;
        Assert.InRange(file.TensorDataBytes, realBytes * 0.97, realBytes * 1.03);
    }

    [Fact]
    public void HeaderOnly_Llama32_1B_IsTinyAndCarriesTheTensorTableOnly()
    {
        var file = WriteAndRead(RealTier.Get("1b"), QuantizationScheme.Q4_K_M);

        Assert.True(file.FileSize < 64 * 1024, $"{file.FileSize} bytes");
        var embeddings = Assert.Single(file.Tensors, t => t.Name == "token_embd.weight");
        Assert.Equal([2048L, 128256L], embeddings.Dimensions);
        Assert.Equal(GgmlType.Q6_K, embeddings.Type);
        var ropeFreqs = Assert.Single(file.Tensors, t => t.Name == "rope_freqs.weight");
        Assert.Equal([32L], ropeFreqs.Dimensions);
        Assert.Throws<GgufFormatException>(() => GgufInferenceCheck.EnsureRunnable(file));
    }

    [Fact]
    public void HeaderOnly_Qwen25_7B_HasQkvBiasesInLlamaCppNaming()
    {
        var file = WriteAndRead(RealTier.Get("7b"), QuantizationScheme.Q4_K_M);

        var k = Assert.Single(file.Tensors, t => t.Name == "blk.27.attn_k.weight");
        Assert.Equal([3584L, 512L], k.Dimensions);
        var bias = Assert.Single(file.Tensors, t => t.Name == "blk.27.attn_k.bias");
        Assert.Equal([512L], bias.Dimensions);
        Assert.Equal(GgmlType.F32, bias.Type);
        var down = Assert.Single(file.Tensors, t => t.Name == "blk.27.ffn_down.weight");
        Assert.Equal([18944L, 3584L], down.Dimensions);
        Assert.Equal(GgmlType.Q6_K, down.Type);
    }
}
