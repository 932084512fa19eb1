using ModelScale.Profiles.Gguf;

namespace ModelScale.Profiles.Tests.Gguf;

public class GgmlTypeInfoTests
{
    [Theory]
    [InlineData(GgmlType.F32, 4096, 16384)]
    [InlineData(GgmlType.F16, 10, 20)]
    [InlineData(GgmlType.BF16, 10, 20)]
    [InlineData(GgmlType.Q4_0, 4096, 128 * 18)]
    [InlineData(GgmlType.Q4_1, 4096, 128 * 20)]
    [InlineData(GgmlType.Q5_0, 4096, 128 * 22)]
    [InlineData(GgmlType.Q8_0, 4096, 128 * 34)]
    [InlineData(GgmlType.Q2_K, 4096, 16 * 84)]
    [InlineData(GgmlType.Q3_K, 4096, 16 * 110)]
    [InlineData(GgmlType.Q4_K, 4096, 16 * 144)]
    [InlineData(GgmlType.Q5_K, 4096, 16 * 176)]
    [InlineData(GgmlType.Q6_K, 4096, 16 * 210)]
    [InlineData(GgmlType.Q8_K, 256, 292)]
    [InlineData(GgmlType.IQ2_XXS, 256, 66)]
    [InlineData(GgmlType.IQ2_XS, 256, 74)]
    [InlineData(GgmlType.IQ2_S, 256, 82)]
    [InlineData(GgmlType.IQ3_XXS, 256, 98)]
    [InlineData(GgmlType.IQ3_S, 256, 110)]
    [InlineData(GgmlType.IQ1_S, 256, 50)]
    [InlineData(GgmlType.IQ1_M, 256, 56)]
    [InlineData(GgmlType.IQ4_NL, 4096, 128 * 18)]
    [InlineData(GgmlType.IQ4_XS, 4096, 16 * 136)]
    [InlineData(GgmlType.TQ1_0, 256, 54)]
    [InlineData(GgmlType.TQ2_0, 256, 66)]
    [InlineData(GgmlType.MXFP4, 64, 34)]
    [InlineData(GgmlType.I64, 3, 24)]
    public void RowBytes_ForWholeBlocks_MatchesGgmlTypeTraits(GgmlType type, long elements, long expected)
    {
        Assert.Equal(expected, GgmlTypeInfo.RowBytes(type, elements));
    }

    [Theory]
    [InlineData(GgmlType.Q4_0, 33)]
    [InlineData(GgmlType.Q6_K, 4000)]
    [InlineData(GgmlType.IQ2_XXS, 128)]
    public void RowBytes_WhenRowIsNotWholeBlocks_ThrowsGgufFormatException(GgmlType type, long elements)
    {
        var error = Assert.Throws<GgufFormatException>(() => GgmlTypeInfo.RowBytes(type, elements));

        Assert.Contains("block size", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RowBytes_WhenRowIsHuge_ThrowsInsteadOfOverflowing()
    {
        Assert.Throws<GgufFormatException>(() => GgmlTypeInfo.RowBytes(GgmlType.F64, long.MaxValue));
        Assert.Throws<GgufFormatException>(() => GgmlTypeInfo.RowBytes(GgmlType.F32, -1));
    }

    [Theory]
    [InlineData(4u)]
    [InlineData(5u)]
    [InlineData(31u)]
    [InlineData(38u)]
    [InlineData(40u)]
    public void IsKnown_ForRetiredOrFutureIds_IsFalse(uint id)
    {
        Assert.False(GgmlTypeInfo.IsKnown((GgmlType)id));
        Assert.Throws<GgufFormatException>(() => GgmlTypeInfo.BlockSize((GgmlType)id));
    }

    [Fact]
    public void IsKnown_ForEveryNamedType_IsTrue()
    {
        Assert.All(Enum.GetValues<GgmlType>(), t => Assert.True(GgmlTypeInfo.IsKnown(t)));
    }
}
