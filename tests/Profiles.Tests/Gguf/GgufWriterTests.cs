using ModelScale.Profiles.Gguf;

namespace ModelScale.Profiles.Tests.Gguf;

public class GgufWriterTests
{
    [Fact]
    public void WriteHeaderOnly_ThenRead_RoundTripsMetadataOfEveryType()
    {
        var writer = new GgufWriter()
            .Add("u8", new GgufValue(GgufValueType.UInt8, (byte)200))
            .Add("i8", new GgufValue(GgufValueType.Int8, (sbyte)-100))
            .Add("u16", new GgufValue(GgufValueType.UInt16, (ushort)60000))
            .Add("i16", new GgufValue(GgufValueType.Int16, (short)-30000))
            .Add("u32", 4_000_000_000u)
            .Add("i32", -2_000_000_000)
            .Add("f32", 1.5f)
            .Add("bool", true)
            .Add("str", "héllo ✓")
            .Add("u64", ulong.MaxValue)
            .Add("i64", long.MinValue)
            .Add("f64", GgufValue.FromFloat64(Math.PI))
            .Add("strings", GgufArray.Of("a", "", "c"))
            .Add("nested", new GgufArray(GgufValueType.Array, new[] { GgufArray.Of(1, 2), GgufArray.Of(3) }));

        var file = GgufFixtures.Read(GgufFixtures.HeaderOnly(writer));

        Assert.Equal(3u, file.Version);
        Assert.Equal((byte)200, file.Metadata["u8"].Value);
        Assert.Equal((sbyte)-100, file.Metadata["i8"].Value);
        Assert.Equal((ushort)60000, file.Metadata["u16"].Value);
        Assert.Equal((short)-30000, file.Metadata["i16"].Value);
        Assert.Equal(4_000_000_000L, file.GetInt64("u32"));
        Assert.Equal(-2_000_000_000L, file.GetInt64("i32"));
        Assert.Equal(1.5, file.GetDouble("f32"));
        Assert.True(file.GetBool("bool"));
        Assert.Equal("héllo ✓", file.GetString("str"));
        Assert.Equal(ulong.MaxValue, file.Metadata["u64"].Value);
        Assert.Throws<GgufFormatException>(() => file.GetInt64("u64"));
        Assert.Equal(long.MinValue, file.GetInt64("i64"));
        Assert.Equal(Math.PI, file.GetDouble("f64"));
        Assert.Equal(["a", "", "c"], file.GetArray("strings")!.Get<string>());
        var nested = file.GetArray("nested")!.Get<GgufArray>();
        Assert.Equal([1, 2], nested[0].Get<int>());
        Assert.Equal([3], nested[1].Get<int>());
        Assert.Equal(2, file.GetArray("nested")!.Items.Count);
    }

    [Fact]
    public void WriteHeaderOnly_ThenRead_ReportsShapeAndSizesWithoutData()
    {
        var writer = GgufFixtures.TinyLlama();

        var bytes = GgufFixtures.HeaderOnly(writer);
        var file = GgufFixtures.Read(bytes);

        Assert.Equal("llama", file.Architecture);
        Assert.Equal(2, file.BlockCount);
        Assert.Equal(4096, file.ContextLength);
        Assert.Equal(64, file.EmbeddingLength);
        Assert.Equal(4, file.HeadCount);
        Assert.Equal(2, file.HeadCountKv);
        Assert.Equal(bytes.Length, file.DataOffset);
        Assert.Equal(writer.Tensors, file.Tensors, (a, b) => a.Name == b.Name && a.Offset == b.Offset
            && a.ByteSize == b.ByteSize && a.Type == b.Type && a.Dimensions.SequenceEqual(b.Dimensions));
        var q = Assert.Single(file.Tensors, t => t.Name == "blk.0.attn_q.weight");
        Assert.Equal(64 * 64, q.ElementCount);
        Assert.Equal(64 / 32 * 18 * 64, q.ByteSize);
        Assert.Equal((64 * 4) + (2 * ((64 * 64) + 64)) + 64, file.ParameterCount);
    }

    [Fact]
    public void Write_WithDataCallbacks_PlacesEachTensorAtItsAlignedOffset()
    {
        var writer = new GgufWriter()
            .Add("general.architecture", "llama")
            .Add("tokenizer.ggml.model", "gpt2").Add("tokenizer.ggml.merges", GgufArray.Of("< s"))
            .Add("tokenizer.ggml.tokens", GgufArray.Of("<unk>", "<s>", "</s>"));
        writer.AddTensor("a", [3], GgmlType.F32, (info, s) => s.Write([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]));
        writer.AddTensor("b", [32, 2], GgmlType.Q4_0, (info, s) => s.Write(Enumerable.Repeat((byte)0xAB, (int)info.ByteSize).ToArray()));
        writer.AddTensor("c", [5], GgmlType.F16);

        var bytes = GgufFixtures.WithData(writer);
        var file = GgufFixtures.Read(bytes);

        var b = file.Tensors[1];
        Assert.Equal(32, b.Offset);
        Assert.Equal(36, b.ByteSize);
        Assert.Equal(1, bytes[(int)file.DataOffset]);
        Assert.All(bytes.Skip((int)(file.DataOffset + b.Offset)).Take(36), x => Assert.Equal(0xAB, x));
        Assert.Equal(96, file.Tensors[2].Offset);
        Assert.Equal(file.DataOffset + 128, bytes.Length);
        GgufInferenceCheck.EnsureRunnable(file);
    }

    [Fact]
    public void Write_WhenCallbackWritesTooFewBytes_ThrowsInvalidOperation()
    {
        var writer = new GgufWriter();
        writer.AddTensor("a", [4], GgmlType.F32, (_, s) => s.Write([1, 2, 3]));

        using var stream = new MemoryStream();
        Assert.Throws<InvalidOperationException>(() => writer.Write(stream));
    }

    [Fact]
    public void Write_WhenCallbackWritesTooManyBytes_ThrowsInvalidOperation()
    {
        var writer = new GgufWriter();
        writer.AddTensor("a", [1], GgmlType.F32, (_, s) => s.Write(new byte[5]));

        using var stream = new MemoryStream();
        Assert.Throws<InvalidOperationException>(() => writer.Write(stream));
    }

    [Fact]
    public void Write_WithCustomAlignment_RecordsItAndAlignsOffsets()
    {
        var file = GgufFixtures.Read(GgufFixtures.WithData(GgufFixtures.TinyLlama(alignment: 64)));

        Assert.Equal(64, file.Alignment);
        Assert.Equal(0, file.DataOffset % 64);
        Assert.All(file.Tensors, t => Assert.Equal(0, t.Offset % 64));
        GgufInferenceCheck.EnsureRunnable(file);
    }

    [Fact]
    public void Write_ToPath_CanBeReadBackFromDisk()
    {
        var path = Path.Combine(Path.GetTempPath(), $"modelscale-{Guid.NewGuid():N}.gguf");
        try
        {
            GgufFixtures.TinyLlama().Write(path);

            var file = GgufReader.Read(path);

            Assert.Equal(new FileInfo(path).Length, file.FileSize);
            Assert.Equal(file.FileSize, file.DataOffset + file.Tensors[^1].Offset + file.Tensors[^1].ByteSize);
            GgufInferenceCheck.EnsureRunnable(file);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AddTensor_WhenRowIsNotWholeBlocks_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new GgufWriter().AddTensor("a", [33], GgmlType.Q4_K));
    }
}
