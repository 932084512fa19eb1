using ModelScale.Profiles.Synthetic;

namespace ModelScale.Profiles.Tests.Synthetic;

public class ModelShapesTests
{
    [Theory]
    [InlineData("1b", 1_235_814_400 + 32)] // config.json count, plus rope_freqs.weight (head_dim / 2)
    [InlineData("7b", 7_615_616_512)]
    [InlineData("13b", 13_015_864_320)]
    [InlineData("70b", 70_553_706_496 + 64)]
    public void ParameterCount_OfEachTier_IsTheExactPublishedCount(string id, long expected)
    {
        Assert.Equal(expected, TensorLayout.ParameterCount(ModelShapes.ById[id]));
    }

    [Fact]
    public void Llama32_1B_HasThePublishedConfig()
    {
        var shape = ModelShapes.Llama32_1B;

        Assert.Equal(
            ("llama", 16, 2048, 8192, 32, 8, 64, 128256, 131072, 500000f, true, false),
            (shape.Architecture, shape.BlockCount, shape.EmbeddingLength, shape.FeedForwardLength, shape.HeadCount,
                shape.HeadCountKv, shape.HeadDim, shape.VocabSize, shape.ContextLength, shape.RopeFreqBase,
                shape.TiedEmbeddings, shape.AttentionBias));
        Assert.Equal(new Llama3RopeScaling(32, 1, 4, 8192), shape.RopeScaling);
    }

    [Fact]
    public void Qwen25_7B_HasThePublishedConfig()
    {
        var shape = ModelShapes.Qwen25_7B;

        Assert.Equal(
            ("qwen2", 28, 3584, 18944, 28, 4, 128, 152064, 32768, 1e6f, 1e-6f, false, true),
            (shape.Architecture, shape.BlockCount, shape.EmbeddingLength, shape.FeedForwardLength, shape.HeadCount,
                shape.HeadCountKv, shape.HeadDim, shape.VocabSize, shape.ContextLength, shape.RopeFreqBase,
                shape.RmsNormEps, shape.TiedEmbeddings, shape.AttentionBias));
        Assert.Null(shape.RopeScaling);
    }

    [Fact]
    public void Llama2_13B_HasThePublishedConfig()
    {
        var shape = ModelShapes.Llama2_13B;

        Assert.Equal(
            ("llama", 40, 5120, 13824, 40, 40, 128, 32000, 4096, 10000f, false),
            (shape.Architecture, shape.BlockCount, shape.EmbeddingLength, shape.FeedForwardLength, shape.HeadCount,
                shape.HeadCountKv, shape.HeadDim, shape.VocabSize, shape.ContextLength, shape.RopeFreqBase,
                shape.TiedEmbeddings));
    }

    [Fact]
    public void Llama33_70B_HasThePublishedConfig()
    {
        var shape = ModelShapes.Llama33_70B;

        Assert.Equal(
            ("llama", 80, 8192, 28672, 64, 8, 128, 128256, 131072, 500000f, false),
            (shape.Architecture, shape.BlockCount, shape.EmbeddingLength, shape.FeedForwardLength, shape.HeadCount,
                shape.HeadCountKv, shape.HeadDim, shape.VocabSize, shape.ContextLength, shape.RopeFreqBase,
                shape.TiedEmbeddings));
        Assert.Equal(new Llama3RopeScaling(8, 1, 4, 8192), shape.RopeScaling);
    }

    [Fact]
    public void Synthetic1B_Is1BLayerStackOverTheLlama2Vocabulary_WithAnUntiedOutput()
    {
        var shape = ModelShapes.Synthetic1B;

        Assert.Equal(
            (16, 2048, 8192, 32, 8, 64, 512, 32000, false, null),
            (shape.BlockCount, shape.EmbeddingLength, shape.FeedForwardLength, shape.HeadCount, shape.HeadCountKv,
                shape.HeadDim, shape.KvLength, shape.VocabSize, shape.TiedEmbeddings, shape.RopeScaling));
    }

    [Fact]
    public void Synthetic8B_IsTheLlama31_8BLayerStackOverTheLlama2Vocabulary()
    {
        var shape = ModelShapes.Synthetic8B;

        Assert.Equal(
            (32, 4096, 14336, 32, 8, 128, 1024, 32000, false, null),
            (shape.BlockCount, shape.EmbeddingLength, shape.FeedForwardLength, shape.HeadCount, shape.HeadCountKv,
                shape.HeadDim, shape.KvLength, shape.VocabSize, shape.TiedEmbeddings, shape.RopeScaling));
        Assert.Same(shape, ModelShapes.ById["synthetic-8b"]);
    }

    [Theory]
    [InlineData("1b")]
    [InlineData("7B")]
    [InlineData(" synthetic-1b ")]
    public void TryGet_KnownIds_IgnoringCaseAndSpaces(string id)
    {
        Assert.True(ModelShapes.TryGet(id, out var shape));
        Assert.NotNull(shape);
    }

    [Theory]
    [InlineData("3b")]
    [InlineData("")]
    [InlineData(null)]
    public void TryGet_UnknownIds_ReturnsFalse(string? id)
    {
        Assert.False(ModelShapes.TryGet(id, out _));
    }

    [Fact]
    public void Validate_WhenFeedForwardIsNotWholeQ4_0Blocks_ThrowsOneSentence()
    {
        var shape = ModelShapes.Synthetic1B with { FeedForwardLength = 688 };

        var error = Assert.Throws<ArgumentException>(() => shape.Validate());

        Assert.Contains("must be multiples of 32", error.Message);
    }

    [Fact]
    public void Validate_WhenKvHeadsDoNotDivideHeads_Throws()
    {
        Assert.Throws<ArgumentException>(() => (ModelShapes.Synthetic1B with { HeadCountKv = 5 }).Validate());
    }

    [Fact]
    public void RopeDivisors_Llama32_1B_RunFromOneForHighFrequenciesToTheFactorForLowOnes()
    {
        var shape = ModelShapes.Llama32_1B;

        var divisors = shape.RopeScaling!.Divisors(shape.HeadDim, shape.RopeFreqBase);

        Assert.Equal(32, divisors.Length);
        Assert.Equal(1f, divisors[0]);
        Assert.Equal(32f, divisors[^1]);
        Assert.Equal(divisors.Order(), divisors);
        Assert.Contains(divisors, d => d is > 1f and < 32f);
    }
}
