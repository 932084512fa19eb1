using ModelScale.Profiles.Gguf;
using ModelScale.Profiles.Synthetic;

namespace ModelScale.Profiles.Tests.Synthetic;

public class Q4KMSchemeTests
{
    private static GgmlType TypeOf(ModelShape shape, string name) =>
        QuantizationScheme.Q4_K_M.TypeOf(TensorLayout.Of(shape).Single(t => t.Name == name), shape);

    private static int[] Layers(ModelShape shape, string role, GgmlType type) =>
        TensorLayout.Of(shape)
            .Where(t => t.Name.EndsWith(role, StringComparison.Ordinal) && QuantizationScheme.Q4_K_M.TypeOf(t, shape) == type)
            .Select(t => t.Layer!.Value)
            .ToArray();

    [Theory]
    [InlineData(16, new[] { 0, 1, 4, 7, 10, 13, 14, 15 })]
    [InlineData(28, new[] { 0, 1, 2, 5, 8, 11, 14, 17, 20, 23, 24, 25, 26, 27 })]
    [InlineData(32, new[] { 0, 1, 2, 3, 6, 9, 12, 15, 18, 21, 24, 27, 28, 29, 30, 31 })]
    public void UsesMoreBits_IsFirstAndLastEighthAndEveryThirdBetween(int layers, int[] expected)
    {
        Assert.Equal(expected, Enumerable.Range(0, layers).Where(i => Q4KMScheme.UsesMoreBits(i, layers)));
    }

    [Fact]
    public void Llama32_1B_TiedTokenEmbedding_GetsTheOutputTypeQ6K()
    {
        Assert.Equal(GgmlType.Q6_K, TypeOf(ModelShapes.Llama32_1B, "token_embd.weight"));
        Assert.DoesNotContain(TensorLayout.Of(ModelShapes.Llama32_1B), t => t.Name == "output.weight");
    }

    [Theory]
    [InlineData("7b")]
    [InlineData("13b")]
    [InlineData("70b")]
    public void UntiedTiers_TokenEmbeddingQ4K_OutputQ6K(string id)
    {
        var shape = ModelShapes.ById[id];

        Assert.Equal(GgmlType.Q4_K, TypeOf(shape, "token_embd.weight"));
        Assert.Equal(GgmlType.Q6_K, TypeOf(shape, "output.weight"));
    }

    [Fact]
    public void Llama2_13B_AttnVAndFfnDown_AreQ6KOnTheMoreBitsLayersAndQ4KElsewhere()
    {
        var shape = ModelShapes.Llama2_13B;
        int[] moreBits = [0, 1, 2, 3, 4, 7, 10, 13, 16, 19, 22, 25, 28, 31, 34, 35, 36, 37, 38, 39];

        Assert.Equal(moreBits, Layers(shape, "attn_v.weight", GgmlType.Q6_K));
        Assert.Equal(moreBits, Layers(shape, "ffn_down.weight", GgmlType.Q6_K));
        Assert.Equal(20, Layers(shape, "attn_v.weight", GgmlType.Q4_K).Length);
        Assert.Equal(20, Layers(shape, "ffn_down.weight", GgmlType.Q4_K).Length);
    }

    [Fact]
    public void Llama33_70B_AttnVThatWouldBeQ4K_IsQ5K()
    {
        var shape = ModelShapes.Llama33_70B;

        Assert.True(Q4KMScheme.IsLlamaCpp70B(shape));
        Assert.Equal(40, Layers(shape, "attn_v.weight", GgmlType.Q6_K).Length);
        Assert.Equal(40, Layers(shape, "attn_v.weight", GgmlType.Q5_K).Length);
        Assert.Empty(Layers(shape, "attn_v.weight", GgmlType.Q4_K));
        Assert.Equal(40, Layers(shape, "ffn_down.weight", GgmlType.Q4_K).Length);
    }

    [Fact]
    public void EightyLayersWithoutGroupedQueryAttention_IsLlama65B_NotBumped()
    {
        Assert.False(Q4KMScheme.IsLlamaCpp70B(ModelShapes.Llama33_70B with { HeadCountKv = 64 }));
    }

    [Fact]
    public void Qwen25_7B_OtherMatricesQ4K_VectorsAndBiasesF32()
    {
        var shape = ModelShapes.Qwen25_7B;

        foreach (var name in new[] { "attn_q", "attn_k", "attn_output", "ffn_gate", "ffn_up" })
        {
            Assert.Equal(GgmlType.Q4_K, TypeOf(shape, $"blk.9.{name}.weight"));
        }

        foreach (var name in new[] { "blk.9.attn_q.bias", "blk.9.attn_k.bias", "blk.9.attn_v.bias", "blk.9.attn_norm.weight", "blk.9.ffn_norm.weight", "output_norm.weight" })
        {
            Assert.Equal(GgmlType.F32, TypeOf(shape, name));
        }
    }

    [Fact]
    public void RowsThatAreNotWhole256Blocks_FallBackLikeLlamaCpp()
    {
        // n_ff 704 = 2.75 super-blocks: ffn_down rows are 704 long; the other matrices have rows of n_embd 256.
        var shape = new ModelShape("small", "llama", 8, 256, 704, 4, 2, 32000, 2048, 10000f, 1e-5f, TiedEmbeddings: false, AttentionBias: false);

        Assert.Equal(GgmlType.Q8_0, TypeOf(shape, "blk.0.ffn_down.weight")); // Q6_K layer
        Assert.Equal(GgmlType.Q5_0, TypeOf(shape, "blk.2.ffn_down.weight")); // Q4_K layer
        Assert.Equal(GgmlType.Q4_K, TypeOf(shape, "blk.2.ffn_up.weight"));
    }

    [Fact]
    public void OutputRowNotWhole256Blocks_IsQ8_0()
    {
        var shape = new ModelShape("narrow", "llama", 2, 288, 768, 6, 6, 32000, 2048, 10000f, 1e-5f, TiedEmbeddings: true, AttentionBias: false);

        Assert.Equal(GgmlType.Q8_0, TypeOf(shape, "token_embd.weight"));
        Assert.Equal(GgmlType.Q5_0, TypeOf(shape, "blk.0.attn_q.weight"));
    }

    [Fact]
    public void AllQ4_0_QuantizesEveryMatrixIncludingEmbeddingAndOutput()
    {
        var shape = ModelShapes.Synthetic1B;

        foreach (var tensor in TensorLayout.Of(shape))
        {
            Assert.Equal(tensor.IsMatrix ? GgmlType.Q4_0 : GgmlType.F32, QuantizationScheme.AllQ4_0.TypeOf(tensor, shape));
        }
    }

    [Theory]
    [InlineData("q4_k_m", 15u)]
    [InlineData("Q4_0", 2u)]
    public void TryGet_FindsSchemesWithTheirLlamaFileType(string id, uint fileType)
    {
        Assert.True(QuantizationScheme.TryGet(id, out var scheme));
        Assert.Equal(fileType, scheme.FileType);
    }

    [Fact]
    public void TryGet_Unknown_ReturnsFalse()
    {
        Assert.False(QuantizationScheme.TryGet("q5_k_m", out _));
    }
}
