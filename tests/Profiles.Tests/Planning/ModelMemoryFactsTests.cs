using ModelScale.Profiles.Gguf;
using ModelScale.Profiles.Planning;
using ModelScale.Tests.Shared;

namespace ModelScale.Profiles.Tests.Planning;

public sealed class ModelMemoryFactsTests
{
    [SharedModelsFact]
    public void Stories260KFacts_ComeFromItsTensorTable()
    {
        var facts = ModelMemoryFacts.FromGguf(GgufReader.Read(TestModels.Stories260K));

        Assert.Equal(5, facts.BlockCount);
        Assert.Equal(6, facts.OffloadableLayers);
        Assert.Equal(64, facts.EmbeddingLength);
        Assert.Equal(32, facts.KeyWidth); // 4 KV heads of 8
        Assert.Equal(32, facts.ValueWidth);
        Assert.Equal(172, facts.FeedForwardLength);
        Assert.Equal(512, facts.VocabularySize);
        Assert.Equal(2048, facts.TrainingContext);
    }

    [Fact]
    public void Weights_AddUpToTheTensorData()
    {
        var gguf = GgufReader.Read(OwnModels.Tiny);

        Assert.Equal(gguf.TensorDataBytes, ModelMemoryFacts.FromGguf(gguf).TotalWeightBytes);
    }

    [Fact]
    public void TiedEmbeddings_MakeTheOutputHeadACopyOfTheEmbedding()
    {
        var tied = PlanningShapes.Facts(2, 256, 512, 4, 2, 1000, GgmlType.Q4_0, tied: true);
        var untied = PlanningShapes.Facts(2, 256, 512, 4, 2, 1000, GgmlType.Q4_0);

        Assert.Equal(tied.TokenEmbeddingBytes + (256 * 4), tied.OutputBytes);
        Assert.Equal(256 * 4, tied.HostOutputBytes); // on the CPU the head shares the embedding
        Assert.Equal(untied.OutputBytes, untied.HostOutputBytes);
        Assert.NotEqual(untied.TokenEmbeddingBytes + (256 * 4), untied.OutputBytes);
    }

    [Fact]
    public void AFileWithoutLayers_CannotBePlanned()
    {
        var ex = Assert.Throws<GgufFormatException>(() => ModelMemoryFacts.FromGguf(GgufReader.Read(OwnModels.VocabOnly)));
        Assert.Contains("no layers", ex.Message, StringComparison.Ordinal);
    }
}
