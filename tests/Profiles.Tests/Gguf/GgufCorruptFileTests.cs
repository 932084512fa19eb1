using ModelScale.Profiles.Gguf;

namespace ModelScale.Profiles.Tests.Gguf;

public class GgufCorruptFileTests
{
    private static GgufFormatException ReadFails(RawGguf raw)
    {
        var error = Assert.Throws<GgufFormatException>(() => raw.Read());
        AssertOneSentence(error);
        return error;
    }

    private static void AssertOneSentence(GgufFormatException error)
    {
        Assert.Contains("'crafted.gguf'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.EndsWith(".", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenMagicIsWrong_ThrowsNotAGgufFileError()
    {
        var error = ReadFails(new RawGguf().Bytes("PK\u0003\u0004"u8.ToArray()).U32(3).U64(0).U64(0));

        Assert.StartsWith("'crafted.gguf' is not a GGUF file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenFileIsEmpty_ThrowsTooShortError()
    {
        var error = ReadFails(new RawGguf());

        Assert.Contains("too short", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(4u)]
    [InlineData(0xFFFFFFFFu)]
    public void Read_WhenVersionIsUnknown_ThrowsUnsupportedVersionError(uint version)
    {
        var error = ReadFails(RawGguf.Header(0, 0, version));

        Assert.Contains($"GGUF version {version}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenVersionIs2_ReadsTheFile()
    {
        var file = RawGguf.Header(0, 1, version: 2).Str("general.architecture").U32(8).Str("llama").Read();

        Assert.Equal(2u, file.Version);
        Assert.Equal("llama", file.Architecture);
    }

    [Fact]
    public void Read_WhenFileIsBigEndian_ThrowsBigEndianError()
    {
        var error = ReadFails(new RawGguf().U32(GgufReader.Magic).U32(0x03000000).U64(0).U64(0));

        Assert.Contains("big-endian", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenTensorCountIsAbsurd_ThrowsWithoutAllocating()
    {
        var error = ReadFails(RawGguf.Header(ulong.MaxValue, 0));

        Assert.Contains("tensor count", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenMetadataCountIsAbsurd_ThrowsWithoutAllocating()
    {
        var error = ReadFails(RawGguf.Header(0, 1UL << 62));

        Assert.Contains("metadata count", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenKeyLengthIsHuge_ThrowsInsteadOfAllocating()
    {
        var error = ReadFails(RawGguf.Header(0, 1).U64(ulong.MaxValue - 3).Bytes(1, 2, 3));

        Assert.Contains("remain in the file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenStringValueLengthIsHuge_ThrowsInsteadOfAllocating()
    {
        var error = ReadFails(RawGguf.Header(0, 1).Str("general.name").U32(8).U64(int.MaxValue + 10L).Bytes(65, 66));

        Assert.Contains("metadata key 'general.name'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenArrayCountIsHuge_ThrowsInsteadOfAllocating()
    {
        var error = ReadFails(RawGguf.Header(0, 1).Str("tokenizer.ggml.tokens").U32(9).U32(8).U64(1UL << 60).Str("a"));

        Assert.Contains("tokenizer.ggml.tokens", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenArrayCountExceedsRemainingBytes_Throws()
    {
        // 1,000 floats claimed, 8 bytes present.
        var error = ReadFails(RawGguf.Header(0, 1).Str("scores").U32(9).U32(6).U64(1000).U64(0));

        Assert.Contains($"{1000:N0}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(13u)]
    [InlineData(0xFFFFFFFFu)]
    public void Read_WhenValueTypeIsUnknown_ThrowsUnknownValueTypeError(uint type)
    {
        var error = ReadFails(RawGguf.Header(0, 1).Str("general.name").U32(type).U64(0));

        Assert.Contains($"unknown value type {type}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenArrayElementTypeIsUnknown_ThrowsUnknownValueTypeError()
    {
        var error = ReadFails(RawGguf.Header(0, 1).Str("x").U32(9).U32(77).U64(1).U64(0));

        Assert.Contains("unknown value type 77", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenArraysNestTooDeep_ThrowsDepthError()
    {
        var raw = RawGguf.Header(0, 1).Str("deep").U32(9);
        for (var i = 0; i < 10_000; i++)
        {
            raw.U32(9).U64(1);
        }

        raw.U32(4).U64(0);

        var error = ReadFails(raw);

        Assert.Contains("nests arrays more than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenArraysNestShallowly_ReadsThem()
    {
        var file = RawGguf.Header(0, 1).Str("nested").U32(9).U32(9).U64(2)
            .U32(4).U64(1).U32(7)
            .U32(8).U64(1).Str("hi")
            .Read();

        var outer = file.GetArray("nested")!;
        var inner = outer.Get<GgufArray>();
        Assert.Equal([7u], inner[0].Get<uint>());
        Assert.Equal(["hi"], inner[1].Get<string>());
    }

    [Fact]
    public void Read_WhenMetadataKeyIsRepeated_ThrowsDuplicateKeyError()
    {
        var error = ReadFails(RawGguf.Header(0, 2).Str("a").U32(4).U32(1).Str("a").U32(4).U32(2));

        Assert.Contains("'a' appears twice", error.Message, StringComparison.Ordinal);
    }

    private static RawGguf OneTensor(uint dims, ulong[] ne, uint type, ulong offset = 0) =>
        WithTensor(RawGguf.Header(1, 0), "t", dims, ne, type, offset);

    private static RawGguf WithTensor(RawGguf raw, string name, uint dims, ulong[] ne, uint type, ulong offset)
    {
        raw.Str(name).U32(dims);
        foreach (var n in ne)
        {
            raw.U64(n);
        }

        return raw.U32(type).U64(offset);
    }

    [Fact]
    public void Read_WhenTensorHasFiveDimensions_ThrowsTooManyDimensionsError()
    {
        var error = ReadFails(OneTensor(5, [1, 1, 1, 1, 1], 0));

        Assert.Contains("5 dimensions", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4u)]
    [InlineData(31u)]
    [InlineData(36u)]
    [InlineData(99u)]
    public void Read_WhenGgmlTypeIsUnknownOrRetired_ThrowsUnknownTypeError(uint type)
    {
        var error = ReadFails(OneTensor(1, [32], type));

        Assert.Contains($"tensor type id {type}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenDimensionIsNegative_ThrowsNegativeDimensionError()
    {
        var error = ReadFails(OneTensor(2, [32, unchecked((ulong)-5L)], 0));

        Assert.Contains("negative dimension", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenElementCountOverflows_ThrowsInsteadOfOverflowing()
    {
        var error = ReadFails(OneTensor(4, [1UL << 20, 1UL << 20, 1UL << 20, 1UL << 20], 0));

        Assert.Contains("more elements than can be counted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenByteSizeOverflows_ThrowsInsteadOfOverflowing()
    {
        var error = ReadFails(OneTensor(2, [1UL << 61, 2], 0));

        Assert.Contains("larger than can be addressed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenRowIsNotAWholeNumberOfBlocks_ThrowsBlockSizeError()
    {
        var error = ReadFails(OneTensor(2, [33, 4], (uint)GgmlType.Q4_0));

        Assert.Contains("not a multiple of the Q4_0 block size of 32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenOffsetIsHuge_ThrowsImpossibleOffsetError()
    {
        var error = ReadFails(OneTensor(1, [32], 0, ulong.MaxValue));

        Assert.Contains("impossible data offset", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenTensorNameIsRepeated_ThrowsDuplicateTensorError()
    {
        var raw = WithTensor(WithTensor(RawGguf.Header(2, 0), "t", 1, [32], 0, 0), "t", 1, [32], 0, 128);

        var error = ReadFails(raw);

        Assert.Contains("tensor 't' appears twice", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(48u)]
    public void Read_WhenAlignmentIsNotAPowerOfTwo_ThrowsAlignmentError(uint alignment)
    {
        var error = ReadFails(RawGguf.Header(0, 1).Str("general.alignment").U32(4).U32(alignment));

        Assert.Contains($"general.alignment is {alignment}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenAlignmentIsNotUInt32_ThrowsTypeError()
    {
        var error = ReadFails(RawGguf.Header(0, 1).Str("general.alignment").U32(8).Str("32"));

        Assert.Contains("not a UInt32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenStreamIsNotSeekable_ThrowsArgumentException()
    {
        using var stream = new NonSeekableStream();

        Assert.Throws<ArgumentException>(() => GgufReader.Read(stream, "pipe.gguf"));
    }

    private sealed class NonSeekableStream : MemoryStream
    {
        public override bool CanSeek => false;
    }
}
