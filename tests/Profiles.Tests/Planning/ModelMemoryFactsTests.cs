using ModelScale.Profiles.Gguf;
using ModelScale.Profiles.Planning;
using ModelScale.Tests.Shared;

namespace ModelScale.Profiles.Tests.Planning;

public sealed class ModelMemoryFactsTests
{
    [SharedModelsFact]
    public void Stories260K_facts_come_from_its_tensor_table()
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
    public void Weights_add_up_to_the_tensor_data()
    {
        var gguf = GgufReader.Read(OwnModels.Tiny);

        Assert.Equal(gguf.TensorDataBytes, ModelMemoryFacts.FromGguf(gguf).TotalWeightBytes);
    }

    [Fact]
    public void Tied_embeddings_make_the_output_head_a_copy_of_the_embedding()
    {
        var tied = PlanningShapes.Facts(2, 256, 512, 4, 2, 1000, GgmlType.Q4_0, tied: true);
        var untied = PlanningShapes.Facts(2, 256, 512, 4, 2, 1000, GgmlType.Q4_0);

        Assert.Equal(tied.TokenEmbeddingBytes + (256 * 4), tied.OutputBytes);
        Assert.Equal(256 * 4, tied.HostOutputBytes); // on the CPU the head shares the embedding
        Assert.Equal(untied.OutputBytes, untied.HostOutputBytes);
        Assert.NotEqual(untied.TokenEmbeddingBytes + (256 * 4), untied.OutputBytes);
    }

    [Fact]
    public void A_file_without_layers_cannot_be_planned()
    {
        var ex = Assert.Throws<GgufFormatException>(() => ModelMemoryFacts.FromGguf(GgufReader.Read(OwnModels.VocabOnly)));
        Assert.Contains("no layers", ex.Message, StringComparison.Ordinal);
    }
}
