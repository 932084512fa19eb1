using System.Buffers.Binary;
using ModelScale.Profiles.Gguf;
using ModelScale.Profiles.Synthetic;
using ModelScale.Profiles.Tests.Gguf;
using ModelScale.Tests.Shared;

namespace ModelScale.Profiles.Tests.Synthetic;

public class SyntheticGgufWriterTests
{
    /// <summary>Two layers of width 256 over the llama-2 vocabulary: small enough to write in a test.</summary>
    internal static ModelShape Tiny { get; } = new(
        "Tiny", "llama", BlockCount: 2, EmbeddingLength: 256, FeedForwardLength: 512, HeadCount: 4, HeadCountKv: 2,
        VocabSize: 32000, ContextLength: 2048, RopeFreqBase: 10000f, RmsNormEps: 1e-5f, TiedEmbeddings: false, AttentionBias: false);

    private static byte[] WriteWithData(SyntheticGgufWriter writer)
    {
        using var stream = new MemoryStream();
        writer.Write(stream);
        return stream.ToArray();
    }

    [Fact]
    public void Write_TinyWithOurVocabulary_IsRunnableAndCarriesTheVocabulary()
    {
        var donor = ByteLevelVocabulary.Create(Tiny.VocabSize);
        var bytes = WriteWithData(new SyntheticGgufWriter(Tiny, QuantizationScheme.AllQ4_0, donor));

        var file = GgufFixtures.Read(bytes, "tiny-synthetic.gguf");

        GgufInferenceCheck.EnsureRunnable(file);
        Assert.Equal(bytes.Length, file.FileSize);
        Assert.Equal(file.FileSize, file.DataOffset + file.Tensors[^1].Offset + file.Tensors[^1].ByteSize);
        Assert.Equal(32000, file.GetArray("tokenizer.ggml.tokens")!.Count);
        Assert.Equal("llama", file.GetString("tokenizer.ggml.model"));
        Assert.Equal(1, file.GetInt64("tokenizer.ggml.bos_token_id"));
        Assert.Equal(2 + (2 * 9) + 1, file.Tensors.Count);
        Assert.All(file.Tensors, t => Assert.Equal(t.Dimensions.Count == 1 ? GgmlType.F32 : GgmlType.Q4_0, t.Type));
    }

    [Fact]
    public void Write_Q4_0Blocks_StartWithTheFixedScale_AndNormsAreOne()
    {
        var bytes = WriteWithData(new SyntheticGgufWriter(Tiny, QuantizationScheme.AllQ4_0));
        var file = GgufFixtures.Read(bytes);

        var q = file.Tensors.Single(t => t.Name == "blk.1.attn_q.weight");
        var start = (int)(file.DataOffset + q.Offset);
        for (var block = 0; block < q.ByteSize / 18; block += 97)
        {
            Assert.Equal((Half)0.02f, BinaryPrimitives.ReadHalfLittleEndian(bytes.AsSpan(start + (block * 18))));
        }

        Assert.True(bytes.AsSpan(start, (int)q.ByteSize).ToArray().Distinct().Count() > 200, "nibbles look random");
        var norm = file.Tensors.Single(t => t.Name == "blk.0.ffn_norm.weight");
        for (var i = 0; i < 256; i++)
        {
            Assert.Equal(1f, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan((int)(file.DataOffset + norm.Offset) + (i * 4))));
        }
    }

    [Fact]
    public void Write_SameSeed_SameBytes_OtherSeed_OtherWeights()
    {
        var a = WriteWithData(new SyntheticGgufWriter(Tiny, QuantizationScheme.AllQ4_0) { Seed = 1 });
        var b = WriteWithData(new SyntheticGgufWriter(Tiny, QuantizationScheme.AllQ4_0) { Seed = 1 });
        var c = WriteWithData(new SyntheticGgufWriter(Tiny, QuantizationScheme.AllQ4_0) { Seed = 2 });

        Assert.Equal(a, b);
        Assert.Equal(a.Length, c.Length);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Write_QwenShapeWithLlama3Rope_WritesZeroBiasesAndTheRopeDivisors()
    {
        var shape = Tiny with
        {
            Architecture = "qwen2",
            AttentionBias = true,
            RopeScaling = new Llama3RopeScaling(8, 1, 4, 8192),
        };
        var bytes = WriteWithData(new SyntheticGgufWriter(shape, QuantizationScheme.AllQ4_0));
        var file = GgufFixtures.Read(bytes);

        var bias = file.Tensors.Single(t => t.Name == "blk.0.attn_v.bias");
        Assert.All(bytes.Skip((int)(file.DataOffset + bias.Offset)).Take((int)bias.ByteSize), b => Assert.Equal(0, b));
        var rope = file.Tensors.Single(t => t.Name == "rope_freqs.weight");
        var divisors = shape.RopeScaling.Divisors(shape.HeadDim, shape.RopeFreqBase);
        for (var i = 0; i < divisors.Length; i++)
        {
            Assert.Equal(divisors[i], BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan((int)(file.DataOffset + rope.Offset) + (i * 4))));
        }
    }

    [Fact]
    public void Write_UnderQ4KM_FillsKQuantBlocksWithTheirFixedScales()
    {
        var bytes = WriteWithData(new SyntheticGgufWriter(Tiny, QuantizationScheme.Q4_K_M));
        var file = GgufFixtures.Read(bytes);

        Assert.Equal(bytes.Length, file.FileSize);
        var q4k = file.Tensors.Single(t => t.Name == "blk.1.attn_q.weight");
        var q6k = file.Tensors.Single(t => t.Name == "output.weight");
        Assert.Equal(GgmlType.Q4_K, q4k.Type);
        Assert.Equal(GgmlType.Q6_K, q6k.Type);
        for (var block = 0; block < q4k.ByteSize / 144; block += 7)
        {
            var at = (int)(file.DataOffset + q4k.Offset) + (block * 144);
            Assert.Equal((Half)2.5e-4f, BinaryPrimitives.ReadHalfLittleEndian(bytes.AsSpan(at)));
            Assert.Equal((Half)2e-3f, BinaryPrimitives.ReadHalfLittleEndian(bytes.AsSpan(at + 2)));
        }

        for (var block = 0; block < q6k.ByteSize / 210; block += 97)
        {
            Assert.Equal((Half)6.5e-5f, BinaryPrimitives.ReadHalfLittleEndian(bytes.AsSpan((int)(file.DataOffset + q6k.Offset) + (block * 210) + 208)));
        }

        Assert.True(bytes.AsSpan((int)(file.DataOffset + q4k.Offset), (int)q4k.ByteSize).ToArray().Distinct().Count() > 200, "quants look random");
    }

    [Fact]
    public void Write_WhenASchemeStoresATypeWithNoRandomFill_RefusesInOneSentence()
    {
        var writer = new SyntheticGgufWriter(Tiny, new AllF16Scheme());

        var error = Assert.Throws<SyntheticModelException>(() => writer.Write(new MemoryStream()));

        Assert.Equal(
            "Random weights are made only in Q4_0, Q5_0, Q5_1, Q8_0, Q4_K, Q5_K, Q6_K and F32, but f16 stores 'token_embd.weight' as F16; use the q4_0 or q4_k_m scheme, or write the header only.",
            error.Message);
    }

    /// <summary>Every matrix in F16: a type random weights are not made in.</summary>
    private sealed class AllF16Scheme : QuantizationScheme
    {
        public override string Id => "f16";

        public override uint FileType => 1;

        public override GgmlType TypeOf(ShapeTensor tensor, ModelShape shape) => tensor.IsMatrix ? GgmlType.F16 : GgmlType.F32;
    }

    [Fact]
    public void New_WhenDonorVocabularyDiffersFromTheShape_ThrowsOneSentence()
    {
        var donor = TokenizerDonor.Read(OwnModels.Tiny);

        var error = Assert.Throws<SyntheticModelException>(
            () => new SyntheticGgufWriter(ModelShapes.Llama32_1B, QuantizationScheme.Q4_K_M, donor));

        Assert.Equal(
            "The tokenizer of 'tiny.gguf' has 512 tokens, but Llama-3.2-1B has a vocabulary of 128,256; copy a tokenizer of that size or pick a shape with 512 tokens.",
            error.Message);
    }

    [Fact]
    public void TokenizerDonor_WhenTheFileHasNoTokens_ThrowsOneSentence()
    {
        var file = GgufFixtures.Read(GgufFixtures.HeaderOnly(new GgufWriter().Add("general.architecture", "llama")), "bare.gguf");

        var error = Assert.Throws<SyntheticModelException>(() => TokenizerDonor.From(file));

        Assert.Equal("'bare.gguf' has no tokenizer.ggml.tokens list of strings, so it has no tokenizer to copy.", error.Message);
    }

    [Fact]
    public void TokenizerDonor_CopiesOnlyTokenizerKeys()
    {
        var donor = TokenizerDonor.Read(OwnModels.Tiny);

        Assert.Equal(OwnModels.TinyShape.VocabSize, donor.VocabSize);
        Assert.All(donor.Metadata, kv => Assert.StartsWith("tokenizer.", kv.Key));
        Assert.Contains(donor.Metadata, kv => kv.Key == "tokenizer.ggml.scores");
    }

    [Fact]
    public void Synthetic1B_SplitsLikeTheNotesMeasuredLlamaCppBuffers()
    {
        // llama.cpp's CPU backend repacks Q4_0 matrices it multiplies with (CPU_REPACK) and keeps token_embd (a row
        // lookup) and the F32 norms in the plain CPU buffer: 35.41 MiB + 557.16 MiB in LLAMASHARP-NOTES.md.
        var tensors = new SyntheticGgufWriter(ModelShapes.Synthetic1B, QuantizationScheme.AllQ4_0).Tensors;

        var plain = tensors.Where(t => t.Name == "token_embd.weight" || t.Type == GgmlType.F32).Sum(t => t.ByteSize);
        var repacked = tensors.Where(t => t.Name != "token_embd.weight" && t.Type == GgmlType.Q4_0).Sum(t => t.ByteSize);

        Assert.Equal("35.41", (plain / (1024.0 * 1024)).ToString("F2", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("557.16", (repacked / (1024.0 * 1024)).ToString("F2", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void WriteHeaderOnly_ToPath_LeavesNoPartialFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"modelscale-synth-{Guid.NewGuid():N}.gguf");
        try
        {
            new SyntheticGgufWriter(ModelShapes.Llama33_70B, QuantizationScheme.Q4_K_M).WriteHeaderOnly(path);

            var file = GgufReader.Read(path);
            Assert.Equal(80, file.BlockCount);
            Assert.False(File.Exists(path + ".partial"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
